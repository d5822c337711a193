import "server-only";
import type Stripe from "stripe";
import { fulfillPaidOrder } from "@/lib/orders/fulfillment";
import { findOrderForPayment, transitionOrder } from "@/lib/orders/orders";
import { idOf, type EventHandler, type HandlerContext, type HandlerResult } from "./types";

// Checkout-based orders: the session carries our order id as client_reference_id and in metadata.

async function orderOf({ tx, store }: HandlerContext, session: Stripe.Checkout.Session) {
  return findOrderForPayment(tx, store.id, {
    orderId: session.metadata?.order_id ?? session.client_reference_id,
    checkoutSessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
  });
}

async function markPaid(ctx: HandlerContext, session: Stripe.Checkout.Session, reason: string): Promise<HandlerResult> {
  const paymentIntentId = idOf(session.payment_intent) ?? undefined;
  const order = await orderOf(ctx, session);
  if (!order)
    return { outcome: "ignored", note: `No order of this store for Checkout Session ${session.id}.`, paymentIntentId };
  const result = await fulfillPaidOrder(ctx.tx, ctx.store, order, {
    amount: session.amount_total ?? -1,
    currency: session.currency ?? "",
    mode: ctx.mode,
    paymentIntentId,
    checkoutSessionId: session.id,
    stripeEventId: ctx.event.id,
    reason,
  });
  if (result.status === "mismatch")
    return { outcome: "ignored", note: `Order ${order.id} not marked paid: ${result.problem}.`, paymentIntentId };
  return {
    outcome: "processed",
    note: result.status === "already_paid" ? "Order was already paid." : undefined,
    paymentIntentId,
  };
}

export const checkoutSessionCompleted: EventHandler<Stripe.CheckoutSessionCompletedEvent> = async (ctx) => {
  const session = ctx.event.data.object;
  // Delayed methods (bank debits) complete the session unpaid; async_payment_* follows.
  if (session.payment_status === "unpaid") {
    return { outcome: "processed", note: "Session completed; waiting for the delayed payment to clear." };
  }
  return markPaid(ctx, session, "Paid through Stripe Checkout");
};

export const checkoutSessionAsyncPaymentSucceeded: EventHandler<Stripe.CheckoutSessionAsyncPaymentSucceededEvent> = (
  ctx,
) => markPaid(ctx, ctx.event.data.object, "Delayed Checkout payment succeeded");

export const checkoutSessionAsyncPaymentFailed: EventHandler<Stripe.CheckoutSessionAsyncPaymentFailedEvent> = async (
  ctx,
) => {
  const session = ctx.event.data.object;
  const order = await orderOf(ctx, session);
  if (!order) return { outcome: "ignored", note: `No order of this store for Checkout Session ${session.id}.` };
  await transitionOrder(ctx.tx, order, "failed", {
    reason: "Delayed Checkout payment failed",
    stripeEventId: ctx.event.id,
    patch: { failureMessage: "The delayed payment failed.", checkoutSessionId: session.id },
  });
  return { outcome: "processed" };
};

export const checkoutSessionExpired: EventHandler<Stripe.CheckoutSessionExpiredEvent> = async (ctx) => {
  const session = ctx.event.data.object;
  const order = await orderOf(ctx, session);
  if (!order) return { outcome: "ignored", note: `No order of this store for Checkout Session ${session.id}.` };
  const { changed } = await transitionOrder(ctx.tx, order, "canceled", {
    reason: "Checkout Session expired unpaid",
    stripeEventId: ctx.event.id,
    patch: { checkoutSessionId: session.id },
  });
  return { outcome: "processed", note: changed ? undefined : `Order is ${order.status}; expiry changes nothing.` };
};
