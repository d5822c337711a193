import "server-only";
import type Stripe from "stripe";
import { chargeRefunded } from "./charge-refunded";
import {
  checkoutSessionAsyncPaymentFailed,
  checkoutSessionAsyncPaymentSucceeded,
  checkoutSessionCompleted,
  checkoutSessionExpired,
} from "./checkout-session";
import { paymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { paymentIntentSucceeded } from "./payment-intent-succeeded";
import { readStripePayment } from "@/lib/orders/stripe-payment";
import type { EventHandler, HandlerContext, HandlerResult } from "./types";

type HandlerMap = { [T in Stripe.Event["type"]]?: EventHandler<Extract<Stripe.Event, { type: T }>> };

/** One typed handler per event type the store acts on; anything else is stored and acknowledged. */
const handlers: HandlerMap = {
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "charge.refunded": chargeRefunded,
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": checkoutSessionAsyncPaymentFailed,
  "checkout.session.expired": checkoutSessionExpired,
};

/** The events "Set up webhook for me" subscribes the endpoint to. */
export const HANDLED_EVENT_TYPES = Object.keys(handlers) as Stripe.WebhookEndpointCreateParams.EnabledEvent[];

export async function handleEvent(input: Omit<HandlerContext, "readPayment">): Promise<HandlerResult> {
  const ctx: HandlerContext = {
    ...input,
    readPayment: (paymentIntentId) => readStripePayment(input.tx, input.store.id, input.mode, paymentIntentId),
  };
  // Signed by Stripe yet without `data.object` (e.g. `data: null`): every handler reads it,
  // and no retry will bring it, so it is stored as failed rather than answered with a 500.
  if (!hasDataObject(ctx.event)) {
    return { outcome: "failed", code: "no_data_object", note: "The event has no data object; nothing to process." };
  }
  const handler = handlers[ctx.event.type] as EventHandler<Stripe.Event> | undefined;
  if (!handler) return { outcome: "ignored", note: `The store does not act on ${ctx.event.type} events.` };
  return handler(ctx);
}

function hasDataObject(event: Stripe.Event): boolean {
  const data = (event as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return false;
  const object = (data as { object?: unknown }).object;
  return typeof object === "object" && object !== null && !Array.isArray(object);
}
