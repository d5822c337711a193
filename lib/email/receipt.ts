import "server-only";
import type { Tx } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "./outbox";

export type ReceiptInput = {
  store: { id: string; name: string };
  order: { id: string; email: string; currency: string; totalAmount: number; mode: "test" | "live" };
  items: { productName: string; quantity: number; totalAmount: number }[];
  downloads: { productName: string; fileName: string; url: string; expiresAt: Date | null; downloadLimit: number | null }[];
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function terms(d: ReceiptInput["downloads"][number]): string {
  const parts = [
    d.downloadLimit !== null ? `${d.downloadLimit} downloads` : "unlimited downloads",
    d.expiresAt ? `until ${d.expiresAt.toISOString().slice(0, 10)}` : "no expiry",
  ];
  return parts.join(", ");
}

/** Queues the order's receipt with its download links, once per order (on the webhook's transaction). */
export async function queueReceipt(tx: Tx, { store, order, items, downloads }: ReceiptInput): Promise<boolean> {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const subject = `${order.mode === "test" ? "[TEST] " : ""}Your ${store.name} order ${order.id.slice(0, 8)}`;
  const text = [
    `Thank you for your order from ${store.name}.`,
    order.mode === "test" ? "This was a test payment: no money was charged." : "",
    "",
    ...items.map((i) => `${i.quantity} × ${i.productName}: ${money(i.totalAmount)}`),
    `Total: ${money(order.totalAmount)}`,
    "",
    "Your downloads:",
    ...downloads.map((d) => `${d.fileName} (${d.productName}, ${terms(d)}): ${d.url}`),
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h1 style="font-size:20px">Thank you for your order from ${escapeHtml(store.name)}</h1>
${order.mode === "test" ? "<p><strong>Test payment: no money was charged.</strong></p>" : ""}
<table>${items.map((i) => `<tr><td>${i.quantity} × ${escapeHtml(i.productName)}</td><td>${escapeHtml(money(i.totalAmount))}</td></tr>`).join("")}
<tr><td><strong>Total</strong></td><td><strong>${escapeHtml(money(order.totalAmount))}</strong></td></tr></table>
<h2 style="font-size:16px">Your downloads</h2>
<ul>${downloads.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.fileName)}</a> (${escapeHtml(d.productName)}, ${escapeHtml(terms(d))})</li>`).join("")}</ul>
</body></html>`;
  return enqueueEmail(tx, { storeId: store.id, kind: "receipt", to: order.email, subject, html, text, dedupeKey: `receipt:${order.id}` });
}
