import { getOrThrow } from "../core/collections";
import { cardError, invalidRequest, missingParam, paramError, resourceMissing, StripeApiError } from "../core/errors";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type { KeyKind } from "../core/store";
import type * as S from "../core/stripe-types";
import { emptyAddress } from "../core/stripe-types";
import {
  bankAccountPaymentMethod,
  cardPaymentMethod,
  emptyBillingDetails,
  type BillingDetails,
  type CardInput,
} from "../objects/payments";
import { TEST_ROUTING_NUMBER } from "./bank-accounts";
import { cardFacts, cardNumberForAlias, declineFor, declinesOnAttach, passesLuhn, type CardFacts } from "./test-cards";

/** Reads `billing_details[...]` as Stripe.js and the SDK send it. */
export function readBillingDetails(params: Params | undefined): BillingDetails {
  const details = emptyBillingDetails();
  if (!params) return details;
  params.assertKnown(["address", "email", "name", "phone", "tax_id"]);
  const address = params.object("address");
  if (address) {
    address.assertKnown(["city", "country", "line1", "line2", "postal_code", "state"]);
    details.address = {
      ...emptyAddress(),
      city: address.string("city") ?? null,
      country: address.string("country") ?? null,
      line1: address.string("line1") ?? null,
      line2: address.string("line2") ?? null,
      postal_code: address.string("postal_code") ?? null,
      state: address.string("state") ?? null,
    };
  }
  details.email = params.string("email") ?? null;
  details.name = params.string("name") ?? null;
  details.phone = params.string("phone") ?? null;
  return details;
}

/** Validates raw card details the way Stripe does before it ever reaches the issuer. */
function readCard(card: Params): CardInput {
  const token = card.string("token");
  if (token !== undefined) {
    const number = cardNumberForAlias(token);
    if (!number) throw resourceMissing("token", token, "card[token]");
    return { facts: cardFacts(number), expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvcProvided: true };
  }
  card.assertKnown(["number", "exp_month", "exp_year", "cvc", "networks", "token"]);
  const number = card.requiredString("number").replace(/[\s-]/g, "");
  if (!/^\d+$/.test(number) || !passesLuhn(number)) {
    throw cardError({ code: "incorrect_number", message: "Your card number is incorrect.", param: "card[number]" });
  }
  const expMonth = card.int("exp_month");
  if (expMonth === undefined) throw missingParam("card[exp_month]");
  let expYear = card.int("exp_year");
  if (expYear === undefined) throw missingParam("card[exp_year]");
  if (expYear < 100) expYear += 2000;
  const now = new Date();
  if (expMonth < 1 || expMonth > 12) {
    throw cardError({
      code: "invalid_expiry_month",
      message: "Your card's expiration month is invalid.",
      param: "card[exp_month]",
    });
  }
  if (expYear < now.getUTCFullYear() || expYear > now.getUTCFullYear() + 50) {
    throw cardError({
      code: "invalid_expiry_year",
      message: "Your card's expiration year is invalid.",
      param: "card[exp_year]",
    });
  }
  if (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1) {
    throw cardError({
      code: "invalid_expiry_month",
      message: "Your card's expiration month is invalid.",
      param: "card[exp_month]",
    });
  }
  const cvc = card.string("cvc");
  if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) {
    throw cardError({ code: "invalid_cvc", message: "Your card's security code is invalid.", param: "card[cvc]" });
  }
  return { facts: cardFacts(number), expMonth, expYear, cvcProvided: cvc !== undefined };
}

function storeCardPaymentMethod(
  scope: Scope,
  card: CardInput,
  billingDetails: BillingDetails,
  metadata: Record<string, string>,
): S.PaymentMethod {
  const paymentMethod = cardPaymentMethod({ livemode: scope.livemode, card, billingDetails, metadata });
  scope.ledger.paymentMethods[paymentMethod.id] = paymentMethod;
  scope.ledger.hidden.testCardOf[paymentMethod.id] = card.facts.number;
  return paymentMethod;
}

/** ACH debit accounts, for payments that settle later (Checkout's async payment events). */
function createBankAccountPaymentMethod(scope: Scope, params: Params): S.PaymentMethod {
  const account = params.object("us_bank_account");
  if (!account) throw missingParam("us_bank_account");
  account.assertKnown([
    "account_number",
    "routing_number",
    "account_holder_type",
    "account_type",
    "financial_connections_account",
  ]);
  const accountNumber = account.requiredString("account_number");
  const routingNumber = account.requiredString("routing_number");
  if (routingNumber !== TEST_ROUTING_NUMBER) {
    throw paramError(
      "us_bank_account[routing_number]",
      `Use the test routing number ${TEST_ROUTING_NUMBER} in the Stripe sandbox.`,
      "routing_number_invalid",
    );
  }
  const billingDetails = readBillingDetails(params.object("billing_details"));
  if (!billingDetails.name) throw missingParam("billing_details[name]");
  const paymentMethod = bankAccountPaymentMethod({
    livemode: scope.livemode,
    accountNumber,
    routingNumber,
    accountHolderType: account.oneOf("account_holder_type", ["individual", "company"] as const) ?? "individual",
    accountType: account.oneOf("account_type", ["checking", "savings"] as const) ?? "checking",
    billingDetails,
    metadata: params.metadata(),
  });
  scope.ledger.paymentMethods[paymentMethod.id] = paymentMethod;
  scope.ledger.hidden.bankAccountOf[paymentMethod.id] = accountNumber;
  return paymentMethod;
}

/**
 * Stripe refuses card numbers sent with a secret key (HTTP 402, `invalid_request_error`)
 * unless the account was cleared to handle raw card data, which no sandbox account is:
 * servers send `pm_card_*` / `tok_*` test ids, browsers send numbers through Stripe.js
 * with the publishable key. `card` is the `card` hash of the PaymentMethod parameters.
 */
export function refuseRawCardNumber(card: Params | undefined, keyKind: KeyKind, livemode: boolean): void {
  if (keyKind !== "secret" || !card?.has("number")) return;
  throw new StripeApiError(
    402,
    {
      type: "invalid_request_error",
      message: livemode
        ? "Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use Stripe.js, the Stripe mobile bindings, or Stripe Elements. For more information, see https://dashboard.stripe.com/account/integration/settings. If you are qualified to handle card data directly, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis."
        : "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.",
    },
    false,
  );
}

/**
 * `payment_method_types` of a PaymentIntent with automatic payment methods: what Stripe's
 * default payment method configuration offers, limited to what the sandbox can charge —
 * cards everywhere, ACH Direct Debit (test routing number) for usd.
 */
export function automaticPaymentMethodTypes(currency: string): string[] {
  return currency === "usd" ? ["card", "us_bank_account"] : ["card"];
}

/** `POST /v1/payment_methods` and `payment_method_data` on PaymentIntents. */
export function createPaymentMethod(scope: Scope, params: Params): S.PaymentMethod {
  const type = params.requiredString("type");
  if (type === "us_bank_account") return createBankAccountPaymentMethod(scope, params);
  if (type !== "card") {
    throw paramError(
      "type",
      `The payment method type "${type}" is not available in the Stripe sandbox; use "card" or "us_bank_account".`,
    );
  }
  const card = params.object("card");
  if (!card) throw missingParam("card");
  return storeCardPaymentMethod(
    scope,
    readCard(card),
    readBillingDetails(params.object("billing_details")),
    params.metadata(),
  );
}

/**
 * The PaymentMethod to charge: `pm_card_visa`-style test ids make a fresh PaymentMethod
 * each time (as in Stripe test mode); anything else must exist in this ledger.
 */
export function usablePaymentMethod(scope: Scope, id: string, param = "payment_method"): S.PaymentMethod {
  const number = id.startsWith("pm_card_") ? cardNumberForAlias(id) : undefined;
  if (number) {
    const card: CardInput = {
      facts: cardFacts(number),
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
      cvcProvided: true,
    };
    return storeCardPaymentMethod(scope, card, emptyBillingDetails(), {});
  }
  return getOrThrow(scope, "paymentMethods", id, param);
}

export function testCardOf(scope: Scope, paymentMethod: S.PaymentMethod): CardFacts {
  const number = scope.ledger.hidden.testCardOf[paymentMethod.id];
  return cardFacts(number ?? "4242424242424242");
}

/** Attaching verifies the card first, so a declining card cannot be saved. */
export function attachPaymentMethod(scope: Scope, paymentMethod: S.PaymentMethod, customerId: string): void {
  const current = typeof paymentMethod.customer === "string" ? paymentMethod.customer : null;
  if (current === customerId) return;
  if (current !== null) {
    throw invalidRequest(
      "The payment method you provided has already been attached to a customer.",
      "payment_method_unexpected_state",
      "payment_method",
    );
  }
  getOrThrow(scope, "customers", customerId, "customer");
  const facts = testCardOf(scope, paymentMethod);
  const decline =
    paymentMethod.type === "card" && declinesOnAttach(facts.behaviour) ? declineFor(facts.behaviour) : undefined;
  if (decline) {
    throw cardError({ code: decline.code, decline_code: decline.declineCode, message: decline.message, param: "" });
  }
  paymentMethod.customer = customerId;
  scope.emit("payment_method.attached", paymentMethod);
}

export function detachPaymentMethod(scope: Scope, paymentMethod: S.PaymentMethod): void {
  if (paymentMethod.customer === null) {
    throw invalidRequest(
      "The payment method you provided is not attached to a customer so detachment is impossible.",
      "payment_method_unexpected_state",
    );
  }
  paymentMethod.customer = null;
  scope.emit("payment_method.detached", paymentMethod);
}
