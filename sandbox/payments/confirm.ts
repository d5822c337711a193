import { nowSeconds } from "../core/clock";
import { cardError, invalidRequest, StripeApiError } from "../core/errors";
import { toJson } from "../core/json";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { charge as buildCharge } from "../objects/payments";
import { attachPaymentMethod, testCardOf, usablePaymentMethod } from "./payment-methods";
import { bankFailureFor } from "./bank-accounts";
import { recordSettlement, settleAfterResponse } from "./settlement";
import { declineFor, needsAuthentication, type Decline } from "./test-cards";

const CONFIRMABLE: ReadonlyArray<S.PaymentIntent["status"]> = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];

const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
  sellerMessage: "The bank returned the decline code `authentication_required`.",
  outcomeType: "issuer_declined",
};

export interface ConfirmOptions {
  paymentMethodId?: string;
  returnUrl?: string;
  offSession?: boolean;
  /**
   * Sandbox test hook for `POST /_sandbox/subscriptions/:id/renew` with `outcome=fail`:
   * the issuer declines whatever the card, so a renewal can fail with the customer's
   * own saved card.
   */
  forceDecline?: boolean;
}

const FORCED_DECLINE: Decline = {
  code: "card_declined",
  declineCode: "generic_decline",
  message: "Your card was declined.",
  sellerMessage: "The bank did not return any further details with this decline.",
  outcomeType: "issuer_declined",
};

function unexpectedState(intent: S.PaymentIntent, message: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "payment_intent_unexpected_state",
    doc_url: "https://stripe.com/docs/error-codes/payment-intent-unexpected-state",
    message,
    payment_intent: toJson(intent),
  });
}

/** The 3-D Secure challenge page of the sandbox for this PaymentIntent. */
export function challengeUrl(scope: Scope, intent: S.PaymentIntent, returnUrl: string | null): string {
  const query = new URLSearchParams({ client_secret: intent.client_secret ?? "" });
  if (returnUrl) query.set("return_url", returnUrl);
  return `${scope.baseUrl}/3ds/${intent.id}?${query.toString()}`;
}

/**
 * Confirms a PaymentIntent as Stripe does for cards: 3-D Secure when the card asks for it
 * (status `requires_action`), otherwise a charge that succeeds or declines. A decline
 * throws Stripe's 402 `card_error` after the intent went back to `requires_payment_method`.
 */
export function confirmPaymentIntent(scope: Scope, intent: S.PaymentIntent, options: ConfirmOptions): void {
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(
      intent,
      intent.status === "succeeded"
        ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
        : `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
    );
  }
  const paymentMethodId = options.paymentMethodId ?? idOf(intent.payment_method);
  if (!paymentMethodId) {
    throw unexpectedState(
      intent,
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm a payment with a PaymentMethod, you can pass the payment_method parameter or the payment_method_data parameter.",
    );
  }
  const paymentMethod = usablePaymentMethod(scope, paymentMethodId);
  // With automatic payment methods, `payment_method_types` lists what the account offers.
  if (!intent.payment_method_types.includes(paymentMethod.type)) {
    throw new StripeApiError(400, {
      type: "invalid_request_error",
      code: "payment_intent_incompatible_payment_method",
      message: `The PaymentMethod provided (${paymentMethod.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${intent.payment_method_types.join(", ")}.`,
      param: "payment_method",
      payment_intent: toJson(intent),
    });
  }
  intent.payment_method = paymentMethod.id;
  intent.last_payment_error = null;

  const customerId = idOf(intent.customer);
  if (customerId && intent.setup_future_usage) attachPaymentMethod(scope, paymentMethod, customerId);

  if (paymentMethod.type === "us_bank_account") {
    startBankDebit(scope, intent, paymentMethod);
    return;
  }
  if (options.forceDecline) {
    const result = attemptCharge(scope, intent, paymentMethod, { decline: FORCED_DECLINE, threeDSecure: false });
    if (result) throw result;
    return;
  }
  const card = testCardOf(scope, paymentMethod);
  const saved = customerId !== null && paymentMethod.customer === customerId;
  if (needsAuthentication(card.behaviour, saved)) {
    if (options.offSession) {
      const result = attemptCharge(scope, intent, paymentMethod, {
        decline: AUTHENTICATION_REQUIRED,
        threeDSecure: false,
      });
      if (result) throw result;
      return;
    }
    const returnUrl = options.returnUrl ?? null;
    intent.status = "requires_action";
    intent.next_action = returnUrl
      ? {
          type: "redirect_to_url",
          redirect_to_url: { return_url: returnUrl, url: challengeUrl(scope, intent, returnUrl) },
        }
      : { type: "use_stripe_sdk", use_stripe_sdk: {} };
    scope.emit("payment_intent.requires_action", intent);
    return;
  }
  const failure = attemptCharge(scope, intent, paymentMethod, {
    decline: declineFor(card.behaviour) ?? null,
    threeDSecure: false,
  });
  if (failure) throw failure;
}

/**
 * The shopper's answer on the 3-D Secure page. Completing charges the card (which may
 * still decline); failing returns the intent to `requires_payment_method` without a charge.
 */
export function completeAuthentication(
  scope: Scope,
  intent: S.PaymentIntent,
  outcome: "complete" | "fail",
): StripeApiError | null {
  if (intent.status !== "requires_action") {
    return invalidRequest(
      `This PaymentIntent is not awaiting authentication (status: ${intent.status}).`,
      "payment_intent_unexpected_state",
    );
  }
  const paymentMethodId = idOf(intent.payment_method);
  const paymentMethod = paymentMethodId ? scope.ledger.paymentMethods[paymentMethodId] : undefined;
  if (!paymentMethod)
    return invalidRequest("This PaymentIntent has no payment method.", "payment_intent_unexpected_state");
  intent.next_action = null;
  if (outcome === "fail") {
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      code: "payment_intent_authentication_failure",
      doc_url: "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
      message:
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
      payment_method: paymentMethod,
      type: "invalid_request_error",
    };
    scope.emit("payment_intent.payment_failed", intent);
    return new StripeApiError(400, {
      type: "invalid_request_error",
      code: "payment_intent_authentication_failure",
      message: intent.last_payment_error.message ?? "",
      payment_intent: toJson(intent),
    });
  }
  const card = testCardOf(scope, paymentMethod);
  return attemptCharge(scope, intent, paymentMethod, {
    decline: declineFor(card.behaviour) ?? null,
    threeDSecure: true,
  });
}

/** Creates the charge and moves the intent; returns the 402 error on a decline. */
function attemptCharge(
  scope: Scope,
  intent: S.PaymentIntent,
  paymentMethod: S.PaymentMethod,
  attempt: { decline: Decline | null; threeDSecure: boolean },
): StripeApiError | null {
  const { decline } = attempt;
  const manualCapture = intent.capture_method === "manual";
  const charge = buildCharge({
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    intent,
    paymentMethod,
    decline,
    threeDSecure: attempt.threeDSecure,
    captured: !manualCapture,
    balanceTransaction: null,
  });
  scope.ledger.charges[charge.id] = charge;
  intent.latest_charge = charge.id;
  intent.next_action = null;

  if (decline) {
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      charge: charge.id,
      code: decline.code,
      decline_code: decline.declineCode,
      doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, "-")}`,
      message: decline.message,
      payment_method: paymentMethod,
      type: "card_error",
    };
    scope.emit("charge.failed", charge);
    scope.emit("payment_intent.payment_failed", intent);
    return cardError({
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      charge: charge.id,
      payment_intent: toJson(intent),
      payment_method: toJson(paymentMethod),
    });
  }

  if (manualCapture) {
    intent.status = "requires_capture";
    intent.amount_capturable = intent.amount;
    scope.emit("charge.succeeded", charge);
    scope.emit("payment_intent.amount_capturable_updated", intent);
    return null;
  }
  if (intent.capture_method === "automatic_async") settleAfterResponse(scope, charge.id);
  else recordSettlement(scope, charge, charge.amount);
  intent.status = "succeeded";
  intent.amount_received = intent.amount;
  scope.emit("charge.succeeded", charge);
  scope.emit("payment_intent.succeeded", intent);
  return null;
}

/** An ACH debit: a pending charge, the intent `processing` until it settles. */
function startBankDebit(scope: Scope, intent: S.PaymentIntent, paymentMethod: S.PaymentMethod): void {
  const charge = buildCharge({
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    intent,
    paymentMethod,
    decline: null,
    threeDSecure: false,
    captured: true,
    balanceTransaction: null,
    pending: true,
  });
  scope.ledger.charges[charge.id] = charge;
  intent.latest_charge = charge.id;
  intent.next_action = null;
  intent.status = "processing";
  scope.emit("charge.pending", charge);
  scope.emit("payment_intent.processing", intent);
}

/**
 * The bank's answer to a `processing` debit (`POST /_sandbox/payment_intents/:id/settle`):
 * by default the test account number decides; `outcome` overrides it.
 */
export function settleBankDebit(scope: Scope, intent: S.PaymentIntent, outcome: "succeed" | "fail" | undefined): void {
  if (intent.status !== "processing") {
    throw unexpectedState(intent, `Only a processing PaymentIntent can settle; this one is ${intent.status}.`);
  }
  const charge = scope.ledger.charges[idOf(intent.latest_charge) ?? ""];
  if (!charge) throw unexpectedState(intent, "This PaymentIntent has no pending charge.");
  const accountNumber = scope.ledger.hidden.bankAccountOf[idOf(intent.payment_method) ?? ""] ?? "";
  const failure =
    outcome === "succeed" ? undefined : outcome === "fail" ? ACCOUNT_CLOSED : bankFailureFor(accountNumber);
  if (failure) {
    charge.status = "failed";
    charge.failure_code = failure.code;
    charge.failure_message = failure.message;
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      charge: charge.id,
      code: failure.code,
      message: failure.message,
      payment_method: scope.ledger.paymentMethods[idOf(intent.payment_method) ?? ""],
      type: "invalid_request_error",
    };
    scope.emit("charge.failed", charge);
    scope.emit("payment_intent.payment_failed", intent);
    return;
  }
  charge.status = "succeeded";
  charge.paid = true;
  charge.amount_captured = charge.amount;
  recordSettlement(scope, charge, charge.amount);
  intent.status = "succeeded";
  intent.amount_received = intent.amount;
  scope.emit("charge.succeeded", charge);
  scope.emit("payment_intent.succeeded", intent);
}

const ACCOUNT_CLOSED = { code: "account_closed", message: "The customer's bank account has been closed." };

/** `POST /v1/payment_intents/:id/capture` for `capture_method=manual`. */
export function capturePaymentIntent(scope: Scope, intent: S.PaymentIntent, amountToCapture: number | undefined): void {
  if (intent.status !== "requires_capture") {
    throw unexpectedState(
      intent,
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable || amount <= 0) {
    throw invalidRequest(
      `The amount to capture must be between 1 and ${intent.amount_capturable}.`,
      "amount_too_large",
      "amount_to_capture",
    );
  }
  const chargeId = idOf(intent.latest_charge);
  const charge = chargeId ? scope.ledger.charges[chargeId] : undefined;
  if (!charge) throw unexpectedState(intent, "This PaymentIntent has no charge to capture.");
  charge.captured = true;
  charge.amount_captured = amount;
  if (amount < charge.amount) charge.amount_refunded = charge.amount - amount;
  recordSettlement(scope, charge, amount);
  intent.amount_capturable = 0;
  intent.amount_received = amount;
  intent.status = "succeeded";
  scope.emit("charge.captured", charge);
  scope.emit("payment_intent.succeeded", intent);
}

const CANCELABLE: ReadonlyArray<S.PaymentIntent["status"]> = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];

export function cancelPaymentIntent(
  scope: Scope,
  intent: S.PaymentIntent,
  reason: S.PaymentIntent["cancellation_reason"],
): void {
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      intent,
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
    );
  }
  if (intent.status === "requires_capture") {
    // Releasing an authorization shows on the charge as a full refund, as in Stripe.
    const chargeId = idOf(intent.latest_charge);
    const charge = chargeId ? scope.ledger.charges[chargeId] : undefined;
    if (charge) {
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
    }
    intent.amount_capturable = 0;
  }
  intent.status = "canceled";
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = reason;
  intent.next_action = null;
  scope.emit("payment_intent.canceled", intent);
}
