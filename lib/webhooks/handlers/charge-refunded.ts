import "server-only";
import type Stripe from "stripe";
import { formatMoney } from "@/lib/money";
import { recordRefund } from "@/lib/orders/fulfillment";
import { findOrderForPayment } from "@/lib/orders/orders";
import { settleRefundRequests } from "@/lib/orders/refunds";
import { idOf, type EventHandler } from "./types";

export const chargeRefunded: EventHandler<Stripe.ChargeRefundedEvent> = async ({ tx, store, event }) => {
  const charge = event.data.object;
  const paymentIntentId = idOf(charge.payment_intent) ?? undefined;
  const order = await findOrderForPayment(tx, store.id, { orderId: charge.metadata?.order_id, paymentIntentId });
  if (!order) return { outcome: "ignored", note: `No order of this store for charge ${charge.id}.`, paymentIntentId };
  if (order.status === "refunded") {
    // A late or repeated event: the order is done, but a refund asked for here may still wait for it.
    const settled = await settleRefundRequests(tx, order, charge);
    return settled > 0
      ? { outcome: "processed", note: "Order already refunded; refund request confirmed.", paymentIntentId }
      : { outcome: "ignored", note: "Order is refunded; nothing to refund.", paymentIntentId };
  }
  if (order.status !== "paid" && order.status !== "partially_refunded") {
    return { outcome: "ignored", note: `Order is ${order.status}; nothing to refund.`, paymentIntentId };
  }
  const full = charge.refunded || charge.amount_refunded >= order.totalAmount;
  const { changed } = await recordRefund(tx, order, {
    amountRefunded: full ? order.totalAmount : charge.amount_refunded,
    stripeEventId: event.id,
    reason: full
      ? "Refunded in full; downloads revoked"
      : `Partially refunded (${formatMoney(charge.amount_refunded, order.currency)} of ${formatMoney(order.totalAmount, order.currency)})`,
  });
  const settled = await settleRefundRequests(tx, order, charge);
  return {
    outcome: "processed",
    note: changed || settled > 0 ? undefined : "Refund already recorded.",
    paymentIntentId,
  };
};
