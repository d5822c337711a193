import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/**
 * A Stripe client for one store's secret key. With STRIPE_SANDBOX_URL (development and
 * tests only) it talks to the local sandbox; otherwise to api.stripe.com.
 */
export function stripeClient(secretKey: string): Stripe {
  const sandbox = env.STRIPE_SANDBOX_URL ? new URL(env.STRIPE_SANDBOX_URL) : null;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "storehost" },
    ...(sandbox && {
      host: sandbox.hostname,
      port: Number(sandbox.port || (sandbox.protocol === "https:" ? 443 : 80)),
      protocol: sandbox.protocol === "https:" ? "https" : "http",
    }),
  });
}

/** Stripe's error in plain words for the owner or shopper, never a stack or a key. */
export function describeStripeError(error: unknown): string {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return "Stripe refused the key: it is not a valid secret key (or it was revoked). Copy it again from Stripe → Developers → API keys.";
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return "This restricted key lacks a permission the store needs. Give it write access to PaymentIntents and Webhook Endpoints, or use the secret key.";
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return "Could not reach Stripe. Check your connection and try again.";
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) return "Stripe is rate-limiting requests; try again in a minute.";
  if (error instanceof Stripe.errors.StripeError) return error.message.replace(/(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, "$1_$2_…");
  return "Stripe could not be reached.";
}

export { Stripe };
