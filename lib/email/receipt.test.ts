import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { queueReceipt, type QueueReceiptOptions, type ReceiptInput } from "./receipt";

async function receiptOf(input: ReceiptInput, options?: QueueReceiptOptions) {
  const db = await getDb();
  const queued = await db.transaction((tx) => queueReceipt(tx, input, options));
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.dedupeKey, options?.dedupeKey ?? `receipt:${input.order.id}`));
  if (!mail) throw new Error("no receipt");
  return { queued, mail };
}

const HOSTILE = 'Tom & Jerry <b onmouseover="x">';

async function hostileReceipt() {
  const { store } = await createOwnerWithStore();
  return receiptOf({
    store: {
      id: store.id,
      name: "<script>alert(1)</script> Shop",
      supportEmail: "help@shop.example.test",
      logoUrl: "https://cdn.example.test/logo.webp?v=1&s=2",
    },
    order: { id: randomUUID(), email: "b@example.test", currency: "usd", totalAmount: 2999, mode: "live" },
    items: [
      { productName: HOSTILE, quantity: 1, totalAmount: 1999 },
      { productName: "Field Guide", quantity: 2, totalAmount: 1000 },
    ],
    downloads: [
      {
        productName: HOSTILE,
        fileName: "a<1>.zip",
        url: "http://x.localhost/downloads/abc?x=1&y=2",
        expiresAt: new Date("2030-01-02T03:04:00Z"),
        downloadLimit: 5,
      },
      {
        productName: "Field Guide",
        fileName: "guide.pdf",
        url: "http://x.localhost/downloads/def",
        expiresAt: null,
        downloadLimit: 1,
      },
      { productName: "Other", fileName: "evil.zip", url: "javascript:alert(1)", expiresAt: null, downloadLimit: null },
    ],
    orderUrl: "http://x.localhost/orders/1",
  });
}

describe("receipt email", () => {
  it("escapes the store's and buyer-facing names in the HTML, and links each download, the order and support", async () => {
    const { mail } = await hostileReceipt();
    expect(mail).toMatchObject({ kind: "receipt", toAddress: "b@example.test", status: "pending" });
    const { html } = mail;

    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b ");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Shop");
    expect(html).toContain("Tom &amp; Jerry &lt;b onmouseover=&quot;x&quot;&gt;");
    expect(html).toMatch(/<a href="http:\/\/x\.localhost\/downloads\/abc\?x=1&amp;y=2"[^>]*>a&lt;1&gt;\.zip<\/a>/);
    expect(html).toMatch(/<a href="http:\/\/x\.localhost\/downloads\/def"[^>]*>guide\.pdf<\/a>/);
    expect(html).toMatch(/<a href="http:\/\/x\.localhost\/orders\/1"[^>]*>View your order<\/a>/);
    expect(html).toMatch(/<a href="mailto:help@shop\.example\.test"[^>]*>help@shop\.example\.test<\/a>/);
    expect(html).toMatch(/<img [^>]*src="https:\/\/cdn\.example\.test\/logo\.webp\?v=1&amp;s=2"/);
    // A URL that is not http(s) never becomes a link.
    expect(html).not.toContain("javascript:");
    expect(html).toContain("evil.zip");
    for (const amount of ["$19.99", "$10.00", "$29.99"]) expect(html).toContain(amount);
    expect(html).toContain("5 downloads, until 2030-01-02 03:04 UTC");
    expect(html).not.toContain("no money was charged");
    // The subject is a header, not HTML: it stays as written.
    expect(mail.subject).toBe(
      `Your receipt from <script>alert(1)</script> Shop (order ${mail.dedupeKey?.slice(8, 16)})`,
    );
  });

  it("carries every download link, the order link, the amounts and the support address in the text part", async () => {
    const { mail } = await hostileReceipt();
    const { text } = mail;

    expect(text).toContain("Thank you for your order from <script>alert(1)</script> Shop");
    expect(text).toMatch(/1 × Tom & Jerry <b onmouseover="x"> +\$19\.99/);
    expect(text).toMatch(/2 × Field Guide +\$10\.00/);
    expect(text).toMatch(/Total +\$29\.99/);
    expect(text).toContain("a<1>.zip http://x.localhost/downloads/abc?x=1&y=2");
    expect(text).toContain('Tom & Jerry <b onmouseover="x">: 5 downloads, until 2030-01-02 03:04 UTC');
    expect(text).toContain("guide.pdf http://x.localhost/downloads/def");
    expect(text).toContain("Field Guide: 1 download, no expiry");
    expect(text).toContain("Other: unlimited downloads, no expiry");
    expect(text).not.toContain("javascript:");
    expect(text).toContain("View your order http://x.localhost/orders/1");
    expect(text).toContain("Write to help@shop.example.test");
    // No markup, and the inbox preview line stays out of the text.
    expect(text).not.toMatch(/<(a|td|p|img)\b/);
    expect(text).not.toContain("Your order from");
  });

  it("leaves out the support line and the logo when the store has neither", async () => {
    const { store } = await createOwnerWithStore();
    const { mail } = await receiptOf({
      store: { id: store.id, name: "Shop", supportEmail: null, logoUrl: "javascript:alert(1)" },
      order: { id: randomUUID(), email: "b@example.test", currency: "eur", totalAmount: 500, mode: "live" },
      items: [{ productName: "Book", quantity: 1, totalAmount: 500 }],
      downloads: [],
    });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("mailto:");
    expect(mail.html).not.toContain("javascript:");
    expect(mail.text).not.toContain("Questions about your order");
    expect(mail.text).not.toContain("Your downloads");
  });

  it("marks test-mode receipts and queues one receipt per order, unless another key is given", async () => {
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
    expect(first.mail.text).toContain("This was a test payment: no money was charged.");
    expect(first.mail.html).toContain("This was a test payment: no money was charged.");
    expect(first.mail.text).toMatch(/2 × Book +¥500/);
    expect((await receiptOf(input)).queued).toBe(false);

    const resent = await receiptOf(input, { dedupeKey: `receipt-resend:${input.order.id}:1` });
    expect(resent.queued).toBe(true);
    expect(resent.mail).toMatchObject({ kind: "receipt", storeId: store.id, subject: first.mail.subject });
    expect((await receiptOf(input, { dedupeKey: `receipt-resend:${input.order.id}:1` })).queued).toBe(false);
  });
});
