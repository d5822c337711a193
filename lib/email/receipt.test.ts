import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { queueReceipt, type ReceiptInput } from "./receipt";

async function receiptOf(input: ReceiptInput) {
  const db = await getDb();
  const queued = await db.transaction((tx) => queueReceipt(tx, input));
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.dedupeKey, `receipt:${input.order.id}`));
  if (!mail) throw new Error("no receipt");
  return { queued, mail };
}

describe("receipt email", () => {
  it("escapes store and product names in the HTML and lists each download with its terms", async () => {
    const { store } = await createOwnerWithStore();
    const { mail } = await receiptOf({
      store: { id: store.id, name: "<script>alert(1)</script> Shop" },
      order: { id: randomUUID(), email: "b@example.test", currency: "usd", totalAmount: 1999, mode: "live" },
      items: [{ productName: 'Tom & Jerry <b onmouseover="x">', quantity: 1, totalAmount: 1999 }],
      downloads: [
        {
          productName: 'Tom & Jerry <b onmouseover="x">',
          fileName: "a<1>.zip",
          url: "http://x.localhost/downloads/abc?x=1&y=2",
          expiresAt: new Date("2030-01-02T03:04:00Z"),
          downloadLimit: 5,
        },
        {
          productName: "Other",
          fileName: "evil.zip",
          url: "javascript:alert(1)",
          expiresAt: null,
          downloadLimit: null,
        },
      ],
      orderUrl: "http://x.localhost/orders/1",
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b ");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Shop");
    expect(mail.html).toContain("Tom &amp; Jerry &lt;b onmouseover=&quot;x&quot;&gt;");
    expect(mail.html).toContain('<a href="http://x.localhost/downloads/abc?x=1&amp;y=2">a&lt;1&gt;.zip</a>');
    expect(mail.html).not.toContain("javascript:");
    expect(mail.html).toContain('<a href="http://x.localhost/orders/1">');
    expect(mail.html).toContain("$19.99");
    expect(mail).toMatchObject({ kind: "receipt", toAddress: "b@example.test", storeId: store.id, status: "pending" });
    expect(mail.subject).toBe(
      `Your receipt from <script>alert(1)</script> Shop (order ${mail.dedupeKey?.slice(8, 16)})`,
    );

    expect(mail.text).toContain("Total: $19.99");
    expect(mail.text).toContain("http://x.localhost/downloads/abc?x=1&y=2");
    expect(mail.text).toContain("5 downloads, until 2030-01-02 03:04 UTC");
    expect(mail.text).toContain("evil.zip (Other, unlimited downloads, no expiry)");
  });

  it("marks test-mode receipts and queues one receipt per order", async () => {
    const { store } = await createOwnerWithStore();
    const input: ReceiptInput = {
      store: { id: store.id, name: "Shop" },
      order: { id: randomUUID(), email: "b@example.test", currency: "jpy", totalAmount: 500, mode: "test" },
      items: [{ productName: "Book", quantity: 2, totalAmount: 500 }],
      downloads: [],
    };
    const first = await receiptOf(input);
    expect(first.queued).toBe(true);
    expect(first.mail.subject).toMatch(/^\[TEST\] Your receipt from Shop/);
    expect(first.mail.text).toContain("test payment");
    expect(first.mail.text).toContain("2 × Book: ¥500");
    expect((await receiptOf(input)).queued).toBe(false);
  });
});
