import type Stripe from "stripe";
import type { PaymentMode, Store } from "@/db/schema";
import type { Tx } from "@/lib/db";
import type { StripePayment } from "@/lib/orders/stripe-payment";

export type HandlerContext<E extends Stripe.Event = Stripe.Event> = {
  tx: Tx;
  store: Store;
  event: E;
  mode: PaymentMode;
  /**
   * Reads a PaymentIntent, with its latest charge, from the store's own Stripe account in
   * the event's mode: for an event that arrived before the one it depends on. Throws when
   * Stripe cannot be read.
   */
  readPayment(paymentIntentId: string): Promise<StripePayment>;
};

/**
 * `ignored` and `failed` events are stored and acknowledged; `note` says why, for the
 * Webhooks page. `failed` is for an event that can never be processed (`code` says why):
 * answering 200 stops Stripe retrying what would fail the same way every time.
 */
export type HandlerResult = {
  outcome: "processed" | "ignored" | "failed";
  note?: string;
  code?: string;
  paymentIntentId?: string;
};

export type EventHandler<E extends Stripe.Event> = (ctx: HandlerContext<E>) => Promise<HandlerResult>;

/** The id of a field that may arrive as an id or as an expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}
