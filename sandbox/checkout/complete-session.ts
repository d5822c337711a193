import { getOrThrow } from "../core/collections";
import { invalidRequest, StripeApiError } from "../core/errors";
import type { Scope } from "../core/scope";
import type { CheckoutSessionExtras as SessionExtras } from "../core/state";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { customer as buildCustomer } from "../objects/catalog";
import { paymentIntent } from "../objects/payments";
import { attemptInvoicePayment, intentOfInvoice } from "../billing/invoices";
import { createSubscription } from "../billing/subscriptions";
import { cancelPaymentIntent, challengeUrl, confirmPaymentIntent } from "../payments/confirm";
import { attachPaymentMethod } from "../payments/payment-methods";

/** Extras of a session created without `payment_intent_data` / `subscription_data`. */
export function defaultSessionExtras(): SessionExtras {
  return {
    paymentIntentData: {
      description: null,
      metadata: {},
      receiptEmail: null,
      setupFutureUsage: null,
      shipping: null,
      captureMethod: "automatic",
    },
    subscriptionData: { metadata: {}, trialPeriodDays: null, description: null },
  };
}

export type PayResult =
  { status: "complete" } | { status: "requires_action"; url: string } | { status: "failed"; error: StripeApiError };

export interface Shopper {
  paymentMethodId: string;
  email: string | null;
  name: string | null;
}

function assertOpen(session: S.CheckoutSession): void {
  if (session.status !== "open") {
    throw invalidRequest(
      `This Checkout Session is no longer active (status: ${session.status}).`,
      "checkout_session_unexpected_state",
    );
  }
}

function afterChallengeUrl(scope: Scope, session: S.CheckoutSession): string {
  return `${scope.baseUrl}/checkout/pay/${session.id}/after-authentication`;
}

function customerForSession(scope: Scope, session: S.CheckoutSession, shopper: Shopper): S.Customer {
  const existing = idOf(session.customer);
  if (existing) return getOrThrow(scope, "customers", existing, "customer");
  const customer = buildCustomer({
    livemode: scope.livemode,
    // `customer_email` is fixed by the merchant; Checkout shows it read-only.
    email: session.customer_email ?? shopper.email,
    name: shopper.name,
    description: null,
    phone: null,
    address: null,
    metadata: {},
    defaultPaymentMethod: null,
  });
  scope.ledger.customers[customer.id] = customer;
  session.customer = customer.id;
  scope.emit("customer.created", customer);
  return customer;
}

function recordShopper(session: S.CheckoutSession, shopper: Shopper, customer: S.Customer | null): void {
  session.customer_details = {
    address: null,
    business_name: null,
    email: session.customer_email ?? shopper.email ?? customer?.email ?? null,
    individual_name: null,
    name: shopper.name ?? customer?.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

/**
 * Pays an open Checkout Session with a PaymentMethod: the hosted page, the Stripe CLI's
 * `payment_pages/:id/confirm` and the sandbox tests all come through here.
 */
export function payCheckoutSession(
  scope: Scope,
  session: S.CheckoutSession,
  extras: SessionExtras,
  shopper: Shopper,
): PayResult {
  assertOpen(session);
  return session.mode === "subscription"
    ? paySubscriptionSession(scope, session, extras, shopper)
    : payPaymentSession(scope, session, extras, shopper);
}

function payPaymentSession(
  scope: Scope,
  session: S.CheckoutSession,
  extras: SessionExtras,
  shopper: Shopper,
): PayResult {
  const customer =
    session.customer_creation === "always" || idOf(session.customer)
      ? customerForSession(scope, session, shopper)
      : null;
  recordShopper(session, shopper, customer);
  let intent = scope.ledger.paymentIntents[idOf(session.payment_intent) ?? ""];
  if (!intent || intent.status !== "requires_payment_method") {
    const data = extras.paymentIntentData;
    intent = paymentIntent({
      livemode: scope.livemode,
      amount: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customer: customer?.id ?? null,
      description: data.description,
      metadata: data.metadata,
      paymentMethodTypes: ["card", "us_bank_account"],
      automaticPaymentMethods: false,
      captureMethod: data.captureMethod,
      receiptEmail: data.receiptEmail ?? session.customer_details?.email ?? null,
      setupFutureUsage: data.setupFutureUsage,
      shipping: data.shipping,
      statementDescriptor: null,
      statementDescriptorSuffix: null,
    });
    scope.ledger.paymentIntents[intent.id] = intent;
    scope.ledger.hidden.sessionOfIntent[intent.id] = session.id;
    session.payment_intent = intent.id;
    scope.emit("payment_intent.created", intent);
  }
  try {
    confirmPaymentIntent(scope, intent, {
      paymentMethodId: shopper.paymentMethodId,
      returnUrl: afterChallengeUrl(scope, session),
    });
  } catch (error) {
    if (error instanceof StripeApiError) return { status: "failed", error };
    throw error;
  }
  return resultOfIntent(scope, session, intent);
}

function paySubscriptionSession(
  scope: Scope,
  session: S.CheckoutSession,
  extras: SessionExtras,
  shopper: Shopper,
): PayResult {
  const customer = customerForSession(scope, session, shopper);
  recordShopper(session, shopper, customer);
  const paymentMethod = getOrThrow(scope, "paymentMethods", shopper.paymentMethodId, "payment_method");
  try {
    attachPaymentMethod(scope, paymentMethod, customer.id);
  } catch (error) {
    if (error instanceof StripeApiError) return { status: "failed", error };
    throw error;
  }
  let subscription = scope.ledger.subscriptions[idOf(session.subscription) ?? ""];
  if (!subscription) {
    const lineItems = scope.ledger.checkoutLineItems[session.id] ?? [];
    const { subscriptionData } = extras;
    subscription = createSubscription(scope, {
      customer,
      items: lineItems.flatMap((item) =>
        item.price ? [{ price: item.price, quantity: item.quantity ?? 1, metadata: {} }] : [],
      ),
      defaultPaymentMethod: paymentMethod.id,
      paymentBehavior: "default_incomplete",
      trialEnd: subscriptionData.trialPeriodDays
        ? Math.floor(Date.now() / 1000) + subscriptionData.trialPeriodDays * 86400
        : null,
      metadata: subscriptionData.metadata,
      description: subscriptionData.description,
      cancelAtPeriodEnd: false,
    });
    session.subscription = subscription.id;
  } else {
    subscription.default_payment_method = paymentMethod.id;
  }
  const invoice = scope.ledger.invoices[idOf(subscription.latest_invoice) ?? ""];
  session.invoice = invoice?.id ?? null;
  if (!invoice || invoice.status === "paid") {
    completeSession(scope, session, "paid");
    return { status: "complete" };
  }
  const intent = intentOfInvoice(scope, invoice);
  if (intent) scope.ledger.hidden.sessionOfIntent[intent.id] = session.id;
  const { outcome, error } = attemptInvoicePayment(scope, invoice, {
    paymentMethodId: paymentMethod.id,
    offSession: false,
    updateSubscription: true,
    returnUrl: afterChallengeUrl(scope, session),
  });
  if (outcome === "paid") {
    completeSession(scope, session, "paid");
    return { status: "complete" };
  }
  if (outcome === "requires_action" && intent)
    return { status: "requires_action", url: challengeUrl(scope, intent, afterChallengeUrl(scope, session)) };
  return { status: "failed", error: error ?? invalidRequest("Your card was declined.", "card_declined") };
}

function resultOfIntent(scope: Scope, session: S.CheckoutSession, intent: S.PaymentIntent): PayResult {
  if (intent.status === "requires_action")
    return { status: "requires_action", url: challengeUrl(scope, intent, afterChallengeUrl(scope, session)) };
  completeSessionFromIntent(scope, intent);
  return { status: "complete" };
}

function completeSession(
  scope: Scope,
  session: S.CheckoutSession,
  paymentStatus: "paid" | "unpaid" | "no_payment_required",
): void {
  if (session.status === "complete") return;
  session.status = "complete";
  session.payment_status = paymentStatus;
  scope.emit("checkout.session.completed", session);
}

/**
 * A payment made for a session completes it: paid at once for cards (possibly after
 * 3-D Secure); for bank debits complete-but-unpaid, then Checkout's async events when the
 * debit settles.
 */
export function completeSessionFromIntent(scope: Scope, intent: S.PaymentIntent): void {
  const session = scope.ledger.checkoutSessions[scope.ledger.hidden.sessionOfIntent[intent.id] ?? ""];
  if (!session) return;
  const paid = intent.status === "succeeded" || intent.status === "requires_capture";
  if (session.status === "open") {
    if (paid) completeSession(scope, session, "paid");
    else if (intent.status === "processing") completeSession(scope, session, "unpaid");
    return;
  }
  if (session.status !== "complete" || session.payment_status !== "unpaid") return;
  if (paid) {
    session.payment_status = "paid";
    scope.emit("checkout.session.async_payment_succeeded", session);
  } else if (intent.status === "requires_payment_method") {
    scope.emit("checkout.session.async_payment_failed", session);
  }
}

/** `POST /v1/checkout/sessions/:id/expire`; an unpaid intent of the session is canceled. */
export function expireSession(scope: Scope, session: S.CheckoutSession): void {
  if (session.status !== "open") {
    throw invalidRequest(
      'Only Checkout Sessions with a status in ["open"] can be expired.',
      "checkout_session_unexpected_state",
    );
  }
  const intent = scope.ledger.paymentIntents[idOf(session.payment_intent) ?? ""];
  if (intent && intent.status !== "succeeded" && intent.status !== "canceled")
    cancelPaymentIntent(scope, intent, "abandoned");
  session.status = "expired";
  scope.emit("checkout.session.expired", session);
}
