import "server-only";
import { createElement } from "react";
import type { Tx } from "@/lib/db";
import { enqueueEmail } from "./outbox";
import { ReceiptEmail, shortOrderId } from "./templates/receipt-email";
import { renderEmail, type RenderedEmail } from "./templates/render-email";

export type ReceiptInput = {
  store: {
    id: string;
    name: string;
    /** Shown at the foot of the receipt, so the buyer knows where to write. */
    supportEmail?: string | null;
    /** An absolute http(s) URL of the store's logo, shown at the top. */
    logoUrl?: string | null;
  };
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

export type QueueReceiptOptions = {
  /** Defaults to `receipt:<order id>`, so each order gets one receipt; a resend passes its own key. */
  dedupeKey?: string;
};

/**
 * Queues the order's receipt with its download links on the caller's transaction (the
 * webhook's), at most once per dedupe key. Returns false if a mail with that key was queued before.
 */
export async function queueReceipt(tx: Tx, input: ReceiptInput, options: QueueReceiptOptions = {}): Promise<boolean> {
  const { store, order } = input;
  const subject = `${order.mode === "test" ? "[TEST] " : ""}Your receipt from ${store.name} (order ${shortOrderId(order.id)})`;
  const { html, text } = await renderReceipt(input);
  return enqueueEmail(tx, {
    storeId: store.id,
    kind: "receipt",
    to: order.email,
    subject,
    html,
    text,
    dedupeKey: options.dedupeKey ?? `receipt:${order.id}`,
  });
}

/** The receipt's HTML and plain-text parts, rendered by React (which escapes every value). */
export function renderReceipt(input: ReceiptInput): Promise<RenderedEmail> {
  return renderEmail(createElement(ReceiptEmail, input));
}

/** For the platform's own hand-built mails (lib/auth/email-verification-mails.ts). */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
