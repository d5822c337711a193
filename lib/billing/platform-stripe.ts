import "server-only";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { stripeClient } from "@/lib/stripe/client";

/**
 * The platform's own Stripe account, which bills store owners for hosting. It is separate
 * from every store's account: its keys come from the environment, never from a store's
 * settings. Without them billing is off, says so, and blocks no store.
 */
export type PlatformBilling =
  | { enabled: false; reason: string }
  | { enabled: true; stripe: Stripe; publishableKey: string; webhookSecret: string; livemode: boolean };

let cached: { key: string; client: Stripe } | undefined;

export function platformBilling(): PlatformBilling {
  const secretKey = env.PLATFORM_STRIPE_SECRET_KEY;
  const publishableKey = env.PLATFORM_STRIPE_PUBLISHABLE_KEY;
  const webhookSecret = env.PLATFORM_STRIPE_WEBHOOK_SECRET;
  if (!secretKey || !publishableKey || !webhookSecret) {
    return {
      enabled: false,
      reason:
        "Billing is off: PLATFORM_STRIPE_SECRET_KEY, PLATFORM_STRIPE_PUBLISHABLE_KEY and PLATFORM_STRIPE_WEBHOOK_SECRET are not set. Stores are not billed and nothing is blocked.",
    };
  }
  // One client per key, so its connection pool is reused across requests.
  if (cached?.key !== secretKey) cached = { key: secretKey, client: stripeClient(secretKey) };
  return {
    enabled: true,
    stripe: cached.client,
    publishableKey,
    webhookSecret,
    livemode: /^(sk|rk)_live_/.test(secretKey),
  };
}

/** The platform account, or an error for code paths that only run with billing on. */
export function requirePlatformBilling(): Extract<PlatformBilling, { enabled: true }> {
  const billing = platformBilling();
  if (!billing.enabled) throw new BillingOffError(billing.reason);
  return billing;
}

export class BillingOffError extends AppError {
  override name = "BillingOffError";
  constructor(reason: string) {
    super("billing_off", reason, 503);
  }
}
