import { invalidRequest, paramError } from "../core/errors";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { emptyAddress, idOf } from "../core/stripe-types";
import { attachPaymentMethod, usablePaymentMethod } from "../payments/payment-methods";

export function readAddress(params: Params | undefined): S.Address | null {
  if (!params) return null;
  params.assertKnown(["city", "country", "line1", "line2", "postal_code", "state"]);
  return {
    ...emptyAddress(),
    city: params.string("city") ?? null,
    country: params.string("country") ?? null,
    line1: params.string("line1") ?? null,
    line2: params.string("line2") ?? null,
    postal_code: params.string("postal_code") ?? null,
    state: params.string("state") ?? null,
  };
}

export function readShipping(params: Params | undefined): S.PaymentIntent["shipping"] {
  if (!params) return null;
  params.assertKnown(["address", "carrier", "name", "phone", "tracking_number"]);
  return {
    address: readAddress(params.object("address")) ?? emptyAddress(),
    carrier: params.string("carrier") ?? null,
    name: params.requiredString("name"),
    phone: params.string("phone") ?? null,
    tracking_number: params.string("tracking_number") ?? null,
  };
}

/** Lowercase ISO code; Stripe accepts any case and answers in lowercase. */
export function readCurrency(params: Params, name = "currency"): string {
  const currency = params.requiredString(name).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw paramError(
      name,
      `Invalid currency: ${currency}. Stripe currently supports these currencies: usd, eur, gbp, ...`,
    );
  }
  return currency;
}

/** Minimum charge amounts Stripe enforces, in minor units. */
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, jpy: 50 };

export function readChargeAmount(params: Params, currency: string, name = "amount"): number {
  const amount = params.requiredInt(name);
  const minimum = MINIMUM_AMOUNT[currency] ?? 50;
  if (amount < minimum) {
    const shown = currency === "usd" ? `$${(minimum / 100).toFixed(2)} usd` : `${minimum} ${currency} (minor units)`;
    throw invalidRequest(`Amount must be at least ${shown}`, "amount_too_small", name);
  }
  if (amount > 99_999_999) {
    throw invalidRequest("Amount must be no more than $999,999.99", "amount_too_large", name);
  }
  return amount;
}

/** Publishable-key calls must prove they hold the object's client secret. */
export function assertClientSecret(params: Params, expected: string | null, keyKind: "secret" | "publishable"): void {
  if (keyKind === "secret") return;
  const provided = params.string("client_secret");
  if (!provided || provided !== expected) {
    throw invalidRequest(
      "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
      "payment_intent_invalid_parameter",
      "client_secret",
    );
  }
}

/**
 * `default_payment_method` of a subscription or invoice: `''` clears it (null), a
 * `pm_card_visa` alias is created and attached first, as in Stripe test mode.
 */
export function readDefaultPaymentMethod(scope: Scope, params: Params, customerId: string): string | null | undefined {
  if (params.isEmpty("default_payment_method")) return null;
  const id = params.string("default_payment_method");
  if (!id) return undefined;
  const paymentMethod = usablePaymentMethod(scope, id, "default_payment_method");
  if (idOf(paymentMethod.customer) !== customerId) attachPaymentMethod(scope, paymentMethod, customerId);
  return paymentMethod.id;
}
