/**
 * Why a POST to /shop/webhook/ was refused, and what we tell the owner about it. The admin
 * pages render refusals only from this fixed text, never from anything in the request,
 * because anyone on the internet can POST to a store's webhook address.
 *
 * `ownerCanAct` marks the refusals that raise the admin banner. Each of them needs a
 * Stripe-Signature header in Stripe's exact format, and either proves it came from Stripe
 * (the signature verifies with one of the store's own secrets) or points at a setting only
 * the owner can fix. Unsigned, oddly signed or garbage posts, and problems on our side
 * (a clock that is off), are listed on the Webhooks page but never raise the banner.
 */
export const REFUSALS = {
  missing_signature: {
    title: "No Stripe-Signature header",
    explanation:
      "The request had no Stripe-Signature header, so it did not come from Stripe. Anyone can post to this address; nothing to do unless a proxy in front of the store removes the header.",
    ownerCanAct: false,
  },
  malformed_signature: {
    title: "Not a Stripe signature",
    explanation:
      "The Stripe-Signature header was not in Stripe's format (t=…,v1=…), so the request did not come from Stripe.",
    ownerCanAct: false,
  },
  not_an_event: {
    title: "Not a Stripe event",
    explanation:
      "The body was not a Stripe event: not JSON, not an event object, an impossible event id, or a NUL character.",
    ownerCanAct: false,
  },
  body_too_large: {
    title: "Body too large",
    explanation: "The body was larger than 1 MiB. Stripe's events are far smaller, so it did not come from Stripe.",
    ownerCanAct: false,
  },
  no_secret_for_active_mode: {
    title: "No signing secret for the active mode",
    explanation:
      'The store has no Stripe Webhook Signing Secret for the mode it is in (Test or Live). Add it in Dashboard Settings → Stripe, or use "Set up webhook for me".',
    ownerCanAct: true,
  },
  signature_mismatch: {
    title: "Signed with another secret",
    explanation:
      "The signature does not match the Stripe Webhook Signing Secret saved for the active mode. In Stripe → Developers → Webhooks, open the endpoint for this store's /shop/webhook/ URL, reveal its signing secret and paste it into Dashboard Settings → Stripe.",
    ownerCanAct: true,
  },
  signed_with_other_mode: {
    title: "Signed with the other mode's secret",
    explanation:
      'Signed with the signing secret of the mode the store is not in (Test vs Live). Switch "Stripe Live Mode" in Dashboard Settings → Stripe if you meant to take payments in that mode, or point that endpoint elsewhere.',
    ownerCanAct: true,
  },
  livemode_mismatch: {
    title: "Secret saved under the wrong mode",
    explanation:
      "A correctly signed event from the other mode (Test vs Live) than the one its secret is saved under: the signing secret saved in Dashboard Settings → Stripe belongs to the other mode's endpoint.",
    ownerCanAct: true,
  },
  timestamp_outside_tolerance: {
    title: "Signature too old",
    explanation:
      "Correctly signed, but the signature's timestamp is more than 5 minutes away from our clock: an old delivery replayed, or a clock that is off.",
    ownerCanAct: false,
  },
} as const satisfies Record<string, { title: string; explanation: string; ownerCanAct: boolean }>;

export type RefusalCode = keyof typeof REFUSALS;

export type Refusal = { code: RefusalCode; diagnosis: string };

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

/** The codes that may raise the admin banner (see above). */
export const BANNER_CODES = (Object.keys(REFUSALS) as RefusalCode[]).filter((code) => REFUSALS[code].ownerCanAct);
