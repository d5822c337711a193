import "server-only";
import type { Tx } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "./outbox";

export type ReceiptInput = {
  store: { id: string; name: string };
  order: { id: string; email: string; currency: string; totalAmount: number; mode: "test" | "live" };
  items: { productName: string; quantity: number; totalAmount: number }[];
  downloads: {
    productName: string;
    fileName: string;
    url: string;
    expiresAt: Date | null;
    downloadLimit: number | null;
  }[];
  /** Where the buyer can see the order again, if the store has such a page. */
  orderUrl?: string;
};

/**
 * Queues the order's receipt with its download links on the caller's transaction (the
 * webhook's), at most once per order. Returns false if this order's receipt was queued before.
 */
export async function queueReceipt(tx: Tx, input: ReceiptInput): Promise<boolean> {
  const { store, order } = input;
  const subject = `${order.mode === "test" ? "[TEST] " : ""}Your receipt from ${store.name} (order ${shortId(order.id)})`;
  return enqueueEmail(tx, {
    storeId: store.id,
    kind: "receipt",
    to: order.email,
    subject,
    html: receiptHtml(input),
    text: receiptText(input),
    dedupeKey: `receipt:${order.id}`,
  });
}

export function receiptText({ store, order, items, downloads, orderUrl }: ReceiptInput): string {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const lines = [
    `Thank you for your order from ${store.name}.`,
    ...(order.mode === "test" ? ["This was a test payment: no money was charged."] : []),
    "",
    `Order ${shortId(order.id)}`,
    ...items.map((i) => `${i.quantity} × ${i.productName}: ${money(i.totalAmount)}`),
    `Total: ${money(order.totalAmount)}`,
    "",
  ];
  if (downloads.length > 0) {
    lines.push("Your downloads:");
    for (const d of downloads) lines.push(`- ${d.fileName} (${d.productName}, ${terms(d)})`, `  ${d.url}`);
    lines.push("");
  }
  if (orderUrl) lines.push(`Your order: ${orderUrl}`);
  return lines.join("\n").trimEnd() + "\n";
}

export function receiptHtml({ store, order, items, downloads, orderUrl }: ReceiptInput): string {
  const money = (amount: number) => escapeHtml(formatMoney(amount, order.currency));
  const cell = 'style="padding:4px 12px 4px 0"';
  const rows = items
    .map(
      (i) =>
        `<tr><td ${cell}>${i.quantity} × ${escapeHtml(i.productName)}</td><td ${cell}>${money(i.totalAmount)}</td></tr>`,
    )
    .join("");
  const links = downloads
    .map((d) => {
      const name = escapeHtml(d.fileName);
      const href = safeHref(d.url);
      const link = href ? `<a href="${escapeHtml(href)}">${name}</a>` : name;
      return `<li>${link} <span style="color:#5f6368">(${escapeHtml(d.productName)}, ${escapeHtml(terms(d))})</span></li>`;
    })
    .join("");
  const orderHref = orderUrl ? safeHref(orderUrl) : null;
  return [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(`Receipt from ${store.name}`)}</title></head>`,
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a">`,
    `<h1 style="font-size:20px">Thank you for your order from ${escapeHtml(store.name)}</h1>`,
    order.mode === "test" ? "<p><strong>This was a test payment: no money was charged.</strong></p>" : "",
    `<p style="color:#5f6368">Order ${escapeHtml(shortId(order.id))}</p>`,
    `<table style="border-collapse:collapse">${rows}`,
    `<tr><td ${cell}><strong>Total</strong></td><td ${cell}><strong>${money(order.totalAmount)}</strong></td></tr></table>`,
    downloads.length > 0 ? `<h2 style="font-size:16px">Your downloads</h2><ul>${links}</ul>` : "",
    orderHref ? `<p><a href="${escapeHtml(orderHref)}">View your order</a></p>` : "",
    "</body></html>",
  ].join("\n");
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** Only http(s) links become links; anything else (`javascript:`…) stays text. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function terms(d: ReceiptInput["downloads"][number]): string {
  const limit =
    d.downloadLimit === null ? "unlimited downloads" : `${d.downloadLimit} download${d.downloadLimit === 1 ? "" : "s"}`;
  const expiry = d.expiresAt ? `until ${d.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "no expiry";
  return `${limit}, ${expiry}`;
}

const shortId = (id: string) => id.slice(0, 8);
