import "server-only";
import type Stripe from "stripe";
import { findOrderForPayment, transitionOrder } from "@/lib/orders/orders";
import type { EventHandler } from "./types";

export const paymentIntentPaymentFailed: EventHandler<Stripe.PaymentIntentPaymentFailedEvent> = async ({
  tx,
  store,
  event,
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
  const message = intent.last_payment_error?.message ?? "The payment failed.";
  const { changed } = await transitionOrder(tx, order, "failed", {
    reason: `Payment failed: ${message}`,
    stripeEventId: event.id,
    patch: { failureMessage: message, paymentIntentId: intent.id },
  });
  return {
    outcome: "processed",
    note: changed ? undefined : `Order is ${order.status}; a late failure does not move it back.`,
    paymentIntentId: intent.id,
  };
};
