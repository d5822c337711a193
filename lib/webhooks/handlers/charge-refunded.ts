import "server-only";
import type Stripe from "stripe";
import type { Order } from "@/db/schema";
import { describeStripeError } from "@/lib/stripe/client";
import { formatMoney } from "@/lib/money";
import { recordRefund } from "@/lib/orders/fulfillment";
import { findOrderForPayment } from "@/lib/orders/orders";
import { settleRefundRequests } from "@/lib/orders/refunds";
import { applyStripePayment, type StripePayment } from "@/lib/orders/stripe-payment";
import { idOf, type EventHandler, type HandlerContext, type HandlerResult } from "./types";

export const chargeRefunded: EventHandler<Stripe.ChargeRefundedEvent> = async (ctx) => {
  const { tx, store, event } = ctx;
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
    return refundBeforeSuccess(ctx, order, charge, paymentIntentId);
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

/**
 * The refund overtook the success (Stripe delivers out of order): the order has not seen
 * the payment this refund undoes. Rather than dropping the refund, the order is brought to
 * the payment's state at Stripe, read now: paid, then refunded as far as Stripe shows, so
 * the success arriving later changes nothing. If Stripe cannot be read, the charge in the
 * event is proof enough (a refunded charge succeeded), and the note says so.
 */
async function refundBeforeSuccess(
  ctx: HandlerContext<Stripe.ChargeRefundedEvent>,
  order: Order,
  charge: Stripe.Charge,
  paymentIntentId: string | undefined,
): Promise<HandlerResult> {
  let payment: StripePayment;
  let unread: string | null = null;
  try {
    if (!paymentIntentId) throw new Error("The charge names no PaymentIntent.");
    payment = await ctx.readPayment(paymentIntentId);
  } catch (error) {
    unread = describeStripeError(error);
    payment = paymentFromCharge(charge);
  }
  const applied = await applyStripePayment(ctx.tx, ctx.store, ctx.mode, order, payment, {
    reason: "Payment succeeded (the refund arrived first; payment read from Stripe)",
    stripeEventId: ctx.event.id,
  });
  if (applied.status === "mismatch")
    return { outcome: "ignored", note: `Order ${order.id} not marked paid: ${applied.problem}.`, paymentIntentId };
  const how = unread
    ? `Stripe could not be read (${unread}), so the charge in this event was applied as sent.`
    : "The refund arrived before the payment's success; the order was brought to the payment's state at Stripe.";
  return {
    outcome: applied.status === "changed" ? "processed" : "ignored",
    note: applied.status === "changed" ? `${how} Order ${applied.from} → ${applied.to}.` : `${how} ${applied.note}`,
    paymentIntentId,
  };
}

/** What a refunded charge proves on its own: its PaymentIntent succeeded for the charge's amount. */
function paymentFromCharge(charge: Stripe.Charge): StripePayment {
  const succeeded = charge.status === "succeeded" && charge.captured;
  return {
    intent: {
      id: idOf(charge.payment_intent) ?? charge.id,
      status: succeeded ? "succeeded" : "processing",
      amount: charge.amount,
      amount_received: succeeded ? charge.amount_captured : 0,
      currency: charge.currency,
      last_payment_error: null,
    },
    charge,
  };
}
