import "server-only";
import Stripe from "stripe";
import type { PaymentMode } from "@/db/schema";
import type { Refusal } from "./refusal-codes";
import { MODE_NAME } from "@/lib/stripe/keys";

/** Stripe's default: a signed delivery older than five minutes is refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type Verification = { ok: true; event: Stripe.Event } | ({ ok: false } & Refusal);

const SETTINGS_HINT = "Dashboard Settings → Stripe";

function verifies(rawBody: string, header: string, secret: string, tolerance: number): Stripe.Event | null {
  try {
    return Stripe.webhooks.constructEvent(rawBody, header, secret, tolerance);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return null;
    // A correctly signed body that is not JSON: constructEvent's parse failed after the check.
    if (error instanceof SyntaxError) throw new NotAnEvent();
    throw error;
  }
}

class NotAnEvent extends Error {}

/**
 * Verifies a delivery that passed `screenDelivery` against the active mode's signing secret
 * and, when it fails, works out why in words the owner can act on. Nothing from a refused
 * delivery is processed.
 */
export function verifyDelivery(input: {
  rawBody: string;
  signatureHeader: string;
  activeMode: PaymentMode;
  secrets: Record<PaymentMode, string | null>;
  now?: number;
}): Verification {
  const { rawBody, signatureHeader, activeMode, secrets } = input;
  const active = MODE_NAME[activeMode];
  const otherMode: PaymentMode = activeMode === "test" ? "live" : "test";
  const other = MODE_NAME[otherMode];
  const activeSecret = secrets[activeMode];
  if (!activeSecret) {
    return {
      ok: false,
      code: "no_secret_for_active_mode",
      diagnosis: `The store is in ${active} mode but has no ${active} Stripe Webhook Signing Secret. Add it in ${SETTINGS_HINT}, or use "Set up webhook for me".`,
    };
  }
  try {
    const event = verifies(rawBody, signatureHeader, activeSecret, SIGNATURE_TOLERANCE_SECONDS);
    if (event) return checkEvent(event, activeMode);
    // Right secret, stale timestamp? Check again without the tolerance.
    if (verifies(rawBody, signatureHeader, activeSecret, Number.MAX_SAFE_INTEGER)) {
      return {
        ok: false,
        code: "timestamp_outside_tolerance",
        diagnosis: `The signature is valid but its timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes away from our clock: an old delivery replayed, or a server clock that is off.`,
      };
    }
    const otherSecret = secrets[otherMode];
    if (otherSecret && verifies(rawBody, signatureHeader, otherSecret, Number.MAX_SAFE_INTEGER)) {
      return {
        ok: false,
        code: "signed_with_other_mode",
        diagnosis: `Signed with your ${other} secret while the store is in ${active} mode. Switch "Stripe Live Mode" ${activeMode === "test" ? "on" : "off"} if you meant to take ${other.toLowerCase()} payments, or point the ${other} endpoint elsewhere.`,
      };
    }
  } catch (error) {
    if (error instanceof NotAnEvent) return notAnEvent();
    throw error;
  }
  return {
    ok: false,
    code: "signature_mismatch",
    diagnosis: `The signature does not match the ${active} Stripe Webhook Signing Secret. In Stripe → Developers → Webhooks, open the endpoint for this store's /shop/webhook/ URL, reveal its signing secret and paste it into ${SETTINGS_HINT} (${active} section).`,
  };
}

function checkEvent(event: Stripe.Event, activeMode: PaymentMode): Verification {
  if (
    !event ||
    typeof event !== "object" ||
    event.object !== "event" ||
    typeof event.id !== "string" ||
    typeof event.type !== "string"
  ) {
    return notAnEvent();
  }
  const eventMode: PaymentMode = event.livemode ? "live" : "test";
  if (eventMode !== activeMode) {
    return {
      ok: false,
      code: "livemode_mismatch",
      diagnosis: `A ${MODE_NAME[eventMode]} event was signed with the secret saved under ${MODE_NAME[activeMode]}: the ${MODE_NAME[activeMode]} signing secret in ${SETTINGS_HINT} belongs to a ${MODE_NAME[eventMode]} endpoint.`,
    };
  }
  return { ok: true, event };
}

function notAnEvent(): Verification {
  return { ok: false, code: "not_an_event", diagnosis: "The body is signed but is not a Stripe event object." };
}
