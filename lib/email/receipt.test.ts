import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { queueReceipt } from "./receipt";

it("escapes store and product names in the receipt and lists each download", async () => {
  const { store } = await createOwnerWithStore();
  const db = await getDb();
  const orderId = "00000000-0000-4000-8000-000000000001";
  await db.transaction((tx) =>
    queueReceipt(tx, {
      store: { id: store.id, name: "<script>alert(1)</script> Shop" },
      order: { id: orderId, email: "b@example.test", currency: "usd", totalAmount: 1999, mode: "live" },
      items: [{ productName: "Tom & Jerry <b>", quantity: 1, totalAmount: 1999 }],
      downloads: [{ productName: "Tom & Jerry <b>", fileName: "a.zip", url: "http://x.localhost/downloads/abc", expiresAt: null, downloadLimit: 5 }],
    }),
  );
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `receipt:${orderId}`));
  expect(mail?.html).not.toContain("<script>");
  expect(mail?.html).toContain("&lt;script&gt;");
  expect(mail?.html).toContain("Tom &amp; Jerry &lt;b&gt;");
  expect(mail?.html).toContain('href="http://x.localhost/downloads/abc"');
  expect(mail?.text).toContain("$19.99");
  expect(mail?.subject).not.toContain("[TEST]");
});
