import type Stripe from "stripe";
import { inject } from "vitest";
import { STORE_METADATA_KEY, upsertCustomer } from "@/lib/billing/mirror";
import { requirePlatformBilling } from "@/lib/billing/platform-stripe";
import { receiveBillingWebhook } from "@/lib/billing/webhook";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createOwnerWithStore } from "./factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "./sandbox-account";
import { signed, testSecret } from "./stripe-events";

/*
 * The platform's own Stripe account in the run's sandbox, for tests of platform billing.
 * The helpers below act on whichever account the env makes the platform's, as the code
 * under test does.
 */

export type PlatformKeys = { secret?: string; publishable?: string; webhook?: string };
export type SandboxPlatform = { account: SandboxAccount; stripe: Stripe; keys: Required<PlatformKeys> };

/** The platform keys the env holds now, to put back once a file is done changing them. */
export function currentPlatformKeys(): PlatformKeys {
  return {
    secret: env.PLATFORM_STRIPE_SECRET_KEY,
    publishable: env.PLATFORM_STRIPE_PUBLISHABLE_KEY,
    webhook: env.PLATFORM_STRIPE_WEBHOOK_SECRET,
  };
}

/** Sets the platform keys in the env; a key left out is unset, so `{}` turns billing off. */
export function setPlatformKeys(keys: PlatformKeys) {
  env.PLATFORM_STRIPE_SECRET_KEY = keys.secret;
  env.PLATFORM_STRIPE_PUBLISHABLE_KEY = keys.publishable;
  env.PLATFORM_STRIPE_WEBHOOK_SECRET = keys.webhook;
}

/** A fresh sandbox account made the platform's own: its test keys and a new webhook secret in the env. */
export async function createSandboxPlatform(): Promise<SandboxPlatform> {
  const account = await createSandboxAccount();
  const keys = {
    secret: account.keys.test.secret,
    publishable: account.keys.test.publishable,
    webhook: testSecret("whsec"),
  };
  setPlatformKeys(keys);
  return { account, stripe: sandboxStripe(keys.secret), keys };
}

/** A $9 monthly price on a new "Hosting" product of the account `stripe` speaks for. */
export function hostingPrice(stripe: Stripe): Promise<Stripe.Price> {
  return stripe.prices.create({
    currency: "usd",
    unit_amount: 900,
    recurring: { interval: "month" },
    product_data: { name: "Hosting" },
  });
}

/** The platform account's newest event of `type` about one object. */
export async function latestEvent(type: Stripe.Event.Type, objectId: string): Promise<Stripe.Event> {
  const { stripe } = requirePlatformBilling();
  const events = await stripe.events.list({ type, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  const event = events.find((e) => (e.data.object as { id?: string }).id === objectId);
  if (!event) throw new Error(`the sandbox has no ${type} event for ${objectId}`);
  return event;
}

/** The delivery Stripe would make to /api/billing/webhooks/stripe/, signed with the platform secret. */
export function deliver(event: Stripe.Event) {
  const { rawBody, header } = signed(event, requirePlatformBilling().webhookSecret);
  return receiveBillingWebhook(rawBody, header);
}

/** Ends the subscription's billing period now on the sandbox, its renewal paid or declined. */
export async function renewOnSandbox(subscriptionId: string, outcome: "succeed" | "fail") {
  const response = await fetch(`${inject("stripeSandboxUrl")}/_sandbox/subscriptions/${subscriptionId}/renew`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ outcome }),
  });
  if (!response.ok) throw new Error(`the sandbox refused to renew ${subscriptionId}: ${response.status}`);
  return (await response.json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice | null };
}

/** A new store whose platform customer (mirrored, with the store id in its metadata) pays for `price` with 4242. */
export async function subscribedStore(price: Stripe.Price) {
  const { stripe } = requirePlatformBilling();
  const owner = await createOwnerWithStore();
  const customer = await stripe.customers.create({
    email: owner.user.email,
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
    metadata: { [STORE_METADATA_KEY]: owner.store.id },
  });
  const db = await getDb();
  await asPlatform(() => upsertCustomer(db, customer));
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  return { ...owner, customer, subscription };
}
