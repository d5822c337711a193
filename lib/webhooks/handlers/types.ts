import type Stripe from "stripe";
import type { PaymentMode, Store } from "@/db/schema";
import type { Tx } from "@/lib/db";

export type HandlerContext<E extends Stripe.Event = Stripe.Event> = {
  tx: Tx;
  store: Store;
  event: E;
  mode: PaymentMode;
};

/** `ignored` events are stored and acknowledged; `note` says why, for the Webhooks page. */
export type HandlerResult = { outcome: "processed" | "ignored"; note?: string; paymentIntentId?: string };

export type EventHandler<E extends Stripe.Event> = (ctx: HandlerContext<E>) => Promise<HandlerResult>;

/** The id of a field that may arrive as an id or as an expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}
