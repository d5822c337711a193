import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";

// Event payloads built from Stripe's official fixtures (test/fixtures/stripe/fixtures3.json,
// copied from stripe/openapi with its MIT licence beside it).
const fixtures = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "fixtures/stripe/fixtures3.json"), "utf8"),
) as { resources: Record<string, Record<string, unknown>> };

const fixture = (name: string) => structuredClone(fixtures.resources[name]!) as Record<string, unknown>;
const rand = () => randomBytes(8).toString("hex");

export function testSecret(kind: "pk_test" | "sk_test" | "pk_live" | "sk_live" | "whsec"): string {
  return `${kind}_${randomBytes(24).toString("hex")}`;
}

export function stripeEvent(type: string, object: Record<string, unknown>, livemode = false): Stripe.Event {
  return {
    ...fixture("event"),
    id: `evt_${rand()}`,
    type,
    livemode,
    created: Math.floor(Date.now() / 1000),
    data: { object: { ...object, livemode } },
    object: "event",
  } as unknown as Stripe.Event;
}

export function paymentIntent(fields: {
  amount: number;
  currency?: string;
  orderId?: string;
  status?: string;
  id?: string;
  lastPaymentError?: { message: string; code?: string; decline_code?: string } | null;
}): Record<string, unknown> {
  const amount = fields.amount;
  const succeeded = fields.status === "succeeded";
  return {
    ...fixture("payment_intent"),
    id: fields.id ?? `pi_${rand()}`,
    amount,
    amount_received: succeeded ? amount : 0,
    currency: fields.currency ?? "usd",
    status: fields.status ?? "succeeded",
    metadata: fields.orderId ? { order_id: fields.orderId } : {},
    last_payment_error: fields.lastPaymentError ?? null,
    next_action: null,
  };
}

export function refundedCharge(fields: {
  paymentIntentId: string;
  amount: number;
  amountRefunded: number;
}): Record<string, unknown> {
  return {
    ...fixture("charge"),
    id: `ch_${rand()}`,
    payment_intent: fields.paymentIntentId,
    amount: fields.amount,
    amount_refunded: fields.amountRefunded,
    refunded: fields.amountRefunded >= fields.amount,
    metadata: {},
  };
}

/** The raw body and Stripe-Signature header Stripe would send, signed with the real SDK. */
export function signed(event: Stripe.Event | string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const rawBody = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret, timestamp });
  return { rawBody, header };
}
