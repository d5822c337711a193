import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/** Keys the local sandbox issued carry a marker after the mode: `sk_test_sbx…`. */
const SANDBOX_KEY = /^(pk|sk|rk)_(test|live)_sbx/;

/** The sandbox's URL when this key belongs to it and a sandbox is configured, else null. */
export function sandboxUrlFor(key: string): string | null {
  return env.STRIPE_SANDBOX_URL && SANDBOX_KEY.test(key) ? env.STRIPE_SANDBOX_URL.replace(/\/$/, "") : null;
}

/**
 * A Stripe client for one store's secret key. Sandbox keys go to the local sandbox when
 * STRIPE_SANDBOX_URL is set (development and tests only); every other key to api.stripe.com.
 * Checks an owner waits for on a page pass a short timeout and no retries.
 */
export function stripeClient(secretKey: string, options: { timeoutMs?: number; retries?: number } = {}): Stripe {
  const sandboxUrl = sandboxUrlFor(secretKey);
  const sandbox = sandboxUrl ? new URL(sandboxUrl) : null;
  return new Stripe(secretKey, {
    maxNetworkRetries: options.retries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    appInfo: { name: "storehost" },
    ...(sandbox && {
      host: sandbox.hostname,
      port: Number(sandbox.port || (sandbox.protocol === "https:" ? 443 : 80)),
      protocol: sandbox.protocol === "https:" ? "https" : "http",
    }),
  });
}

/** Stripe's refusals that its own message explains poorly to a store owner, by error code. */
const PLAIN_BY_CODE: Record<string, string> = {
  charge_already_refunded: "Stripe says this payment is already refunded in full.",
  amount_too_large:
    "Stripe says the amount is more than what is left to refund on this payment (part of it may have been refunded in the Stripe Dashboard).",
  charge_disputed: "Stripe says this payment is disputed; it cannot be refunded while the dispute is open.",
};

/** Stripe's error in plain words for the owner or shopper, never a stack or a key. */
export function describeStripeError(error: unknown): string {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return "Stripe refused the key: it is not a valid secret key (or it was revoked). Copy it again from Stripe → Developers → API keys.";
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return "This restricted key lacks a permission the store needs. Give it write access to PaymentIntents, Refunds and Webhook Endpoints, or use the secret key.";
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return "Could not reach Stripe. Check your connection and try again.";
  }
  if (error instanceof Stripe.errors.StripeRateLimitError)
    return "Stripe is rate-limiting requests; try again in a minute.";
  if (error instanceof Stripe.errors.StripeIdempotencyError)
    return "Stripe saw this request before with different details. Reload the page and try again.";
  const known = error instanceof Stripe.errors.StripeError && error.code ? PLAIN_BY_CODE[error.code] : undefined;
  if (known) return known;
  if (error instanceof Stripe.errors.StripeError)
    return error.message.replace(/(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, "$1_$2_…");
  return "Stripe could not be reached.";
}

export { Stripe };
