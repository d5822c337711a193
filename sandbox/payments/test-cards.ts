import { createHash } from "node:crypto";

/**
 * Stripe's documented test cards (https://docs.stripe.com/testing) and what each does.
 * `behaviour` is what happens when the card is charged.
 */
export type CardBehaviour =
  | "succeed"
  | "decline_generic"
  | "decline_insufficient_funds"
  | "decline_lost_card"
  | "decline_stolen_card"
  | "decline_expired_card"
  | "decline_incorrect_cvc"
  | "decline_processing_error"
  /** 4000 0000 0000 0341: attaching succeeds, every charge declines (renewal failures). */
  | "decline_after_attach"
  /** 4000 0025 0000 3155: on-session payments need 3-D Secure; saved-card renewals do not. */
  | "authenticate_unless_saved"
  /** 4000 0027 6000 3184 / 4000 0000 0000 3220: every payment needs 3-D Secure. */
  | "authenticate_always"
  /** 4000 0082 6000 3178: 3-D Secure, then declined for insufficient funds. */
  | "authenticate_then_insufficient_funds"
  /** A Luhn-valid number that is not a test card: Stripe declines it in test mode. */
  | "decline_live_card_in_test";

export interface CardFacts {
  number: string;
  brand: string;
  funding: "credit" | "debit" | "prepaid";
  country: string;
  behaviour: CardBehaviour;
}

const CARDS: CardFacts[] = [
  { number: "4242424242424242", brand: "visa", funding: "credit", country: "US", behaviour: "succeed" },
  { number: "4000056655665556", brand: "visa", funding: "debit", country: "US", behaviour: "succeed" },
  { number: "5555555555554444", brand: "mastercard", funding: "credit", country: "US", behaviour: "succeed" },
  { number: "5200828282828210", brand: "mastercard", funding: "debit", country: "US", behaviour: "succeed" },
  { number: "378282246310005", brand: "amex", funding: "credit", country: "US", behaviour: "succeed" },
  { number: "6011111111111117", brand: "discover", funding: "credit", country: "US", behaviour: "succeed" },
  { number: "4000000000000002", brand: "visa", funding: "credit", country: "US", behaviour: "decline_generic" },
  {
    number: "4000000000009995",
    brand: "visa",
    funding: "credit",
    country: "US",
    behaviour: "decline_insufficient_funds",
  },
  { number: "4000000000009987", brand: "visa", funding: "credit", country: "US", behaviour: "decline_lost_card" },
  { number: "4000000000009979", brand: "visa", funding: "credit", country: "US", behaviour: "decline_stolen_card" },
  { number: "4000000000000069", brand: "visa", funding: "credit", country: "US", behaviour: "decline_expired_card" },
  { number: "4000000000000127", brand: "visa", funding: "credit", country: "US", behaviour: "decline_incorrect_cvc" },
  {
    number: "4000000000000119",
    brand: "visa",
    funding: "credit",
    country: "US",
    behaviour: "decline_processing_error",
  },
  { number: "4000000000000341", brand: "visa", funding: "credit", country: "US", behaviour: "decline_after_attach" },
  {
    number: "4000002500003155",
    brand: "visa",
    funding: "credit",
    country: "US",
    behaviour: "authenticate_unless_saved",
  },
  { number: "4000002760003184", brand: "visa", funding: "credit", country: "US", behaviour: "authenticate_always" },
  { number: "4000000000003220", brand: "visa", funding: "credit", country: "US", behaviour: "authenticate_always" },
  {
    number: "4000008260003178",
    brand: "visa",
    funding: "credit",
    country: "US",
    behaviour: "authenticate_then_insufficient_funds",
  },
];

/** `pm_card_<name>` and `tok_<name>` stand for these cards, as in Stripe test mode. */
const ALIASES: Record<string, string> = {
  visa: "4242424242424242",
  us: "4242424242424242",
  visa_debit: "4000056655665556",
  mastercard: "5555555555554444",
  mastercard_debit: "5200828282828210",
  amex: "378282246310005",
  discover: "6011111111111117",
  chargeDeclined: "4000000000000002",
  chargeDeclinedInsufficientFunds: "4000000000009995",
  chargeDeclinedLostCard: "4000000000009987",
  chargeDeclinedStolenCard: "4000000000009979",
  chargeDeclinedExpiredCard: "4000000000000069",
  chargeDeclinedIncorrectCvc: "4000000000000127",
  chargeDeclinedProcessingError: "4000000000000119",
  chargeCustomerFail: "4000000000000341",
  authenticationRequiredOnSetup: "4000002500003155",
  authenticationRequired: "4000002760003184",
  threeDSecure2Required: "4000000000003220",
  authenticationRequiredChargeDeclinedInsufficientFunds: "4000008260003178",
};

/** The card number behind `pm_card_visa` / `tok_visa`, or undefined for other ids. */
export function cardNumberForAlias(id: string): string | undefined {
  const match = /^(?:pm_card_|tok_)(.+)$/.exec(id);
  return match?.[1] ? ALIASES[match[1]] : undefined;
}

export function passesLuhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let digit = Number(number[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return number.length >= 12 && sum % 10 === 0;
}

function brandOf(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^(6011|65|64[4-9])/.test(number)) return "discover";
  if (/^3(0|6|8)/.test(number)) return "diners";
  if (/^35/.test(number)) return "jcb";
  if (/^62/.test(number)) return "unionpay";
  return "unknown";
}

/** Facts for any digits; unknown but valid numbers decline like a live card in test mode. */
export function cardFacts(number: string): CardFacts {
  const known = CARDS.find((card) => card.number === number);
  if (known) return known;
  return { number, brand: brandOf(number), funding: "credit", country: "US", behaviour: "decline_live_card_in_test" };
}

/** Stable per card number, like Stripe's `card.fingerprint`. */
export function fingerprint(number: string): string {
  return createHash("sha256")
    .update(`sandbox:${number}`)
    .digest("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 16);
}

export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  /** What the Dashboard shows the merchant (`outcome.seller_message`). */
  sellerMessage: string;
  outcomeType: "issuer_declined" | "blocked";
}

const DECLINES: Partial<Record<CardBehaviour, Decline>> = {
  decline_generic: {
    code: "card_declined",
    declineCode: "generic_decline",
    message: "Your card was declined.",
    sellerMessage: "The bank did not return any further details with this decline.",
    outcomeType: "issuer_declined",
  },
  decline_after_attach: {
    code: "card_declined",
    declineCode: "generic_decline",
    message: "Your card was declined.",
    sellerMessage: "The bank did not return any further details with this decline.",
    outcomeType: "issuer_declined",
  },
  decline_insufficient_funds: {
    code: "card_declined",
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
    sellerMessage: "The bank returned the decline code `insufficient_funds`.",
    outcomeType: "issuer_declined",
  },
  authenticate_then_insufficient_funds: {
    code: "card_declined",
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
    sellerMessage: "The bank returned the decline code `insufficient_funds`.",
    outcomeType: "issuer_declined",
  },
  decline_lost_card: {
    code: "card_declined",
    declineCode: "lost_card",
    message: "Your card was declined.",
    sellerMessage: "The bank returned the decline code `lost_card`.",
    outcomeType: "issuer_declined",
  },
  decline_stolen_card: {
    code: "card_declined",
    declineCode: "stolen_card",
    message: "Your card was declined.",
    sellerMessage: "The bank returned the decline code `stolen_card`.",
    outcomeType: "issuer_declined",
  },
  decline_expired_card: {
    code: "expired_card",
    declineCode: "expired_card",
    message: "Your card has expired.",
    sellerMessage: "The bank returned the decline code `expired_card`.",
    outcomeType: "issuer_declined",
  },
  decline_incorrect_cvc: {
    code: "incorrect_cvc",
    declineCode: "incorrect_cvc",
    message: "Your card's security code is incorrect.",
    sellerMessage: "The bank returned the decline code `incorrect_cvc`.",
    outcomeType: "issuer_declined",
  },
  decline_processing_error: {
    code: "processing_error",
    declineCode: "processing_error",
    message: "An error occurred while processing your card. Try again in a little bit.",
    sellerMessage: "The bank returned the decline code `processing_error`.",
    outcomeType: "issuer_declined",
  },
  decline_live_card_in_test: {
    code: "card_declined",
    declineCode: "test_mode_live_card",
    message:
      "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
    sellerMessage: "This charge request was in test mode, but did not use a Stripe test card number.",
    outcomeType: "blocked",
  },
};

/** The decline a charge on this card ends in (after any authentication), or undefined. */
export function declineFor(behaviour: CardBehaviour): Decline | undefined {
  return DECLINES[behaviour];
}

export function needsAuthentication(behaviour: CardBehaviour, savedForOffSession: boolean): boolean {
  if (behaviour === "authenticate_always" || behaviour === "authenticate_then_insufficient_funds") return true;
  return behaviour === "authenticate_unless_saved" && !savedForOffSession;
}

/** A declining card also fails when it is attached to a customer (Stripe verifies it first). */
export function declinesOnAttach(behaviour: CardBehaviour): boolean {
  return (
    behaviour.startsWith("decline_") &&
    behaviour !== "decline_after_attach" &&
    behaviour !== "decline_live_card_in_test"
  );
}
