import "server-only";
import type Stripe from "stripe";
import { recordRefund } from "@/lib/orders/fulfillment";
import { findOrderForPayment } from "@/lib/orders/orders";
import { idOf, type EventHandler } from "./types";

export const chargeRefunded: EventHandler<Stripe.ChargeRefundedEvent> = async ({ tx, store, event }) => {
  const charge = event.data.object;
  const paymentIntentId = idOf(charge.payment_intent);
  const order = await findOrderForPayment(tx, store.id, { orderId: charge.metadata?.order_id, paymentIntentId });
  if (!order)
    return {
      outcome: "ignored",
      note: `No order of this store for charge ${charge.id}.`,
      paymentIntentId: paymentIntentId ?? undefined,
    };
  if (order.status !== "paid" && order.status !== "partially_refunded") {
    return {
      outcome: "ignored",
      note: `Order is ${order.status}; nothing to refund.`,
      paymentIntentId: paymentIntentId ?? undefined,
    };
  }
  const full = charge.refunded || charge.amount_refunded >= order.totalAmount;
  const { changed } = await recordRefund(tx, order, {
    amountRefunded: full ? order.totalAmount : charge.amount_refunded,
    stripeEventId: event.id,
    reason: full
      ? "Refunded in full; downloads revoked"
      : `Partially refunded (${charge.amount_refunded} of ${order.totalAmount})`,
  });
  return {
    outcome: "processed",
    note: changed ? undefined : "Refund already recorded.",
    paymentIntentId: paymentIntentId ?? undefined,
  };
};
