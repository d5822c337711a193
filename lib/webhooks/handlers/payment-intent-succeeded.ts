import "server-only";
import type Stripe from "stripe";
import { fulfillPaidOrder } from "@/lib/orders/fulfillment";
import { findOrderForPayment } from "@/lib/orders/orders";
import type { EventHandler } from "./types";

export const paymentIntentSucceeded: EventHandler<Stripe.PaymentIntentSucceededEvent> = async ({
  tx,
  store,
  event,
  mode,
}) => {
  const intent = event.data.object;
  const order = await findOrderForPayment(tx, store.id, {
    orderId: intent.metadata?.order_id,
    paymentIntentId: intent.id,
  });
  if (!order)
    return {
      outcome: "ignored",
      note: `No order of this store for PaymentIntent ${intent.id}.`,
      paymentIntentId: intent.id,
    };
  const result = await fulfillPaidOrder(tx, store, order, {
    amount: intent.amount_received || intent.amount,
    currency: intent.currency,
    mode,
    paymentIntentId: intent.id,
    stripeEventId: event.id,
    reason: "Payment succeeded",
  });
  if (result.status === "mismatch") {
    return {
      outcome: "ignored",
      note: `Order ${order.id} not marked paid: ${result.problem}.`,
      paymentIntentId: intent.id,
    };
  }
  return {
    outcome: "processed",
    note: result.status === "already_paid" ? "Order was already paid." : undefined,
    paymentIntentId: intent.id,
  };
};
