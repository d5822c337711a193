import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Stripe-looking object id, e.g. `pi_3Q0...` (prefix + 24 base62 characters). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** Checkout Session ids carry the mode, like Stripe's `cs_test_...`. */
export function newCheckoutSessionId(livemode: boolean): string {
  return `cs_${livemode ? "live" : "test"}_${randomBase62(58)}`;
}

/**
 * API keys. The `sbx` marker after the mode makes a sandbox key recognisable at a glance
 * while keeping Stripe's `sk_test_`/`pk_live_` prefixes that the platform validates.
 */
export function newApiKey(kind: "pk" | "sk", mode: "test" | "live"): string {
  return `${kind}_${mode}_sbx${randomBase62(40)}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}

export function newClientSecret(objectId: string): string {
  return `${objectId}_secret_${randomBase62(25)}`;
}

export function newRequestId(): string {
  return `req_${randomBase62(14)}`;
}
