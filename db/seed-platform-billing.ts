import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HANDLED_BILLING_EVENTS } from "@/lib/billing/webhook";
import { stripeClient } from "@/lib/stripe/client";

/**
 * The demo's (and the Playwright run's) platform Stripe account: a "Platform" account in
 * the local sandbox, created once, with a webhook endpoint that sends the handled billing
 * events to the platform's /api/billing/webhooks/stripe/. Its keys are kept in
 * `<dataDir>/platform-billing.json` and handed to the server as PLATFORM_STRIPE_*, so
 * billing works offline with no set-up.
 */
export type PlatformBillingKeys = {
  PLATFORM_STRIPE_SECRET_KEY: string;
  PLATFORM_STRIPE_PUBLISHABLE_KEY: string;
  PLATFORM_STRIPE_WEBHOOK_SECRET: string;
};

export async function seedPlatformBillingAccount(args: {
  /** The sandbox's URL; the keys it issues go there through STRIPE_SANDBOX_URL (lib/stripe/client.ts). */
  sandboxUrl: string;
  dataDir: string;
  /** Where the platform answers, e.g. http://localhost:3000. */
  platformOrigin: string;
}): Promise<PlatformBillingKeys> {
  const file = path.join(args.dataDir, "platform-billing.json");
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8")) as PlatformBillingKeys;
    // The sandbox's own state may have been reset since; keep the keys only if it still knows them.
    if (await sandboxKnows(kept.PLATFORM_STRIPE_SECRET_KEY)) return kept;
  }
  const response = await fetch(`${args.sandboxUrl}/_sandbox/accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Platform" }),
  });
  if (!response.ok) throw new Error(`the Stripe sandbox refused to create the platform account (${response.status})`);
  const account = (await response.json()) as { keys: { test: { publishable: string; secret: string } } };
  const stripe = stripeClient(account.keys.test.secret);
  const endpoint = await stripe.webhookEndpoints.create({
    url: `${args.platformOrigin}/api/billing/webhooks/stripe/`,
    enabled_events: [...HANDLED_BILLING_EVENTS],
    description: "Storehost platform billing",
  });
  if (!endpoint.secret) throw new Error("the sandbox returned no signing secret for the billing endpoint");
  const keys: PlatformBillingKeys = {
    PLATFORM_STRIPE_SECRET_KEY: account.keys.test.secret,
    PLATFORM_STRIPE_PUBLISHABLE_KEY: account.keys.test.publishable,
    PLATFORM_STRIPE_WEBHOOK_SECRET: endpoint.secret,
  };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

async function sandboxKnows(secretKey: string): Promise<boolean> {
  try {
    await stripeClient(secretKey, { retries: 0 }).accounts.retrieveCurrent();
    return true;
  } catch {
    return false;
  }
}
