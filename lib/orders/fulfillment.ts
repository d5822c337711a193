import "server-only";
import type { Order, PaymentMode, Store } from "@/db/schema";
import type { Tx } from "@/lib/db";
import { createDownloadGrants, downloadPath, revokeDownloadGrants } from "@/lib/downloads/grants";
import { queueReceipt } from "@/lib/email/receipt";
import { storeUrl } from "@/lib/tenancy/stores";
import { buyerOrderPath } from "./buyer-order";
import { listOrderItems, transitionOrder, type TransitionResult } from "./orders";

export type Payment = {
  amount: number;
  currency: string;
  mode: PaymentMode;
  paymentIntentId?: string | null;
  checkoutSessionId?: string | null;
  stripeEventId?: string;
  reason: string;
};

export type FulfillmentResult =
  { status: "paid" } | { status: "already_paid" } | { status: "mismatch"; problem: string };

/**
 * Marks an order paid, grants its downloads and queues the receipt, all on the caller's
 * transaction, so either all of it happens or none. The payment must match the order
 * (amount, currency, test/live) or nothing changes.
 */
export async function fulfillPaidOrder(
  tx: Tx,
  store: Store,
  order: Order,
  payment: Payment,
): Promise<FulfillmentResult> {
  if (order.mode !== payment.mode) {
    return { status: "mismatch", problem: `a ${payment.mode} payment for a ${order.mode} order` };
  }
  if (payment.currency.toLowerCase() !== order.currency || payment.amount !== order.totalAmount) {
    return {
      status: "mismatch",
      problem: `paid ${payment.amount} ${payment.currency.toUpperCase()} but the order is ${order.totalAmount} ${order.currency.toUpperCase()}`,
    };
  }
  const result: TransitionResult = await transitionOrder(tx, order, "paid", {
    reason: payment.reason,
    stripeEventId: payment.stripeEventId,
    patch: {
      paidAt: new Date(),
      failureMessage: null,
      ...(payment.paymentIntentId && { paymentIntentId: payment.paymentIntentId }),
      ...(payment.checkoutSessionId && { checkoutSessionId: payment.checkoutSessionId }),
    },
  });
  if (!result.changed) return { status: "already_paid" };

  const [downloads, items] = await Promise.all([
    createDownloadGrants(tx, store.id, order.id),
    listOrderItems(tx, store.id, order.id),
  ]);
  await queueReceipt(tx, {
    store,
    order: result.order,
    items,
    downloads: downloads.map((d) => ({ ...d, url: storeUrl(store, downloadPath(d.token)) })),
    orderUrl: storeUrl(store, buyerOrderPath(order.id)),
  });
  return { status: "paid" };
}

/** Records a refund; a full refund revokes the order's downloads. */
export async function recordRefund(
  tx: Tx,
  order: Order,
  refund: { amountRefunded: number; stripeEventId?: string; reason: string },
): Promise<TransitionResult> {
  const full = refund.amountRefunded >= order.totalAmount;
  if (refund.amountRefunded <= order.amountRefunded) return { changed: false, order };
  const result = await transitionOrder(tx, order, full ? "refunded" : "partially_refunded", {
    reason: refund.reason,
    stripeEventId: refund.stripeEventId,
    patch: { amountRefunded: refund.amountRefunded },
  });
  if (result.changed && full) await revokeDownloadGrants(tx, order.storeId, order.id);
  return result;
}
