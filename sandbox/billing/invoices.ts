import { nowSeconds } from "../core/clock";
import { StripeApiError, invalidRequest } from "../core/errors";
import { changedAttributes } from "../core/events";
import { newId } from "../core/ids";
import { toJson } from "../core/json";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { invoice as buildInvoice, invoiceLine, invoicePayment } from "../objects/billing";
import { paymentIntent } from "../objects/payments";
import { confirmPaymentIntent } from "../payments/confirm";

/** Stripe retries a failed renewal payment; the sandbox shows the next try three days out. */
const NEXT_ATTEMPT_DELAY_S = 3 * 86400;

function customerOf(scope: Scope, subscription: S.Subscription): S.Customer {
  const id = idOf(subscription.customer) ?? "";
  const customer = scope.ledger.customers[id];
  if (!customer) throw invalidRequest(`No such customer: '${id}'`, "resource_missing", "customer");
  return customer;
}

/** The PaymentMethod a subscription charges: its own default, else the customer's. */
export function billingPaymentMethod(scope: Scope, subscription: S.Subscription): string | null {
  const customer = scope.ledger.customers[idOf(subscription.customer) ?? ""];
  return idOf(subscription.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

/** The PaymentIntent that collects an invoice (through its default invoice payment). */
export function intentOfInvoice(scope: Scope, invoice: S.Invoice): S.PaymentIntent | undefined {
  const payment = Object.values(scope.ledger.invoicePayments).find(
    (candidate) => idOf(candidate.invoice) === invoice.id && candidate.is_default,
  );
  if (!payment || payment.payment.type !== "payment_intent") return undefined;
  return scope.ledger.paymentIntents[idOf(payment.payment.payment_intent) ?? ""];
}

/**
 * Draft → finalized invoice for the subscription's current period, with the
 * PaymentIntent that will collect it. A zero total (a trial) is paid at once.
 */
export function createSubscriptionInvoice(
  scope: Scope,
  subscription: S.Subscription,
  billingReason: "subscription_create" | "subscription_cycle",
): S.Invoice {
  const customer = customerOf(scope, subscription);
  const id = newId("in");
  const trialing = subscription.status === "trialing";
  const lines = subscription.items.data.map((item) => {
    const productId = idOf(item.price.product) ?? "";
    const productName = scope.ledger.products[productId]?.name ?? productId;
    const quantity = item.quantity ?? 1;
    return invoiceLine({
      livemode: scope.livemode,
      invoice: id,
      subscription,
      item,
      amount: trialing ? 0 : (item.price.unit_amount ?? 0) * quantity,
      description: trialing ? `Trial period for ${productName}` : `${quantity} × ${productName}`,
    });
  });
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  const firstItem = subscription.items.data[0];
  const invoice = buildInvoice({
    id,
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    customer,
    subscription,
    lines,
    billingReason,
    periodStart: firstItem?.current_period_start ?? nowSeconds(),
    periodEnd: firstItem?.current_period_end ?? nowSeconds(),
    number: `${customer.invoice_prefix ?? "SANDBOX"}-${String(sequence).padStart(4, "0")}`,
    defaultPaymentMethod: idOf(subscription.default_payment_method),
  });
  scope.ledger.invoices[invoice.id] = invoice;
  subscription.latest_invoice = invoice.id;
  scope.emit("invoice.created", invoice);

  invoice.status = "open";
  invoice.effective_at = nowSeconds();
  invoice.status_transitions.finalized_at = invoice.effective_at;
  if (invoice.amount_due > 0) {
    const intent = paymentIntent({
      livemode: scope.livemode,
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customer.id,
      description: billingReason === "subscription_create" ? "Subscription creation" : "Subscription update",
      metadata: {},
      paymentMethodTypes: ["card"],
      automaticPaymentMethods: false,
      captureMethod: "automatic",
      receiptEmail: null,
      setupFutureUsage: "off_session",
      shipping: null,
      statementDescriptor: null,
      statementDescriptorSuffix: null,
    });
    scope.ledger.paymentIntents[intent.id] = intent;
    scope.ledger.hidden.invoiceOfIntent[intent.id] = invoice.id;
    const payment = invoicePayment({ livemode: scope.livemode, invoice, paymentIntent: intent.id });
    scope.ledger.invoicePayments[payment.id] = payment;
    scope.emit("payment_intent.created", intent);
  }
  scope.emit("invoice.finalized", invoice);
  if (invoice.amount_due === 0) markInvoicePaid(scope, invoice);
  return invoice;
}

function markInvoicePaid(scope: Scope, invoice: S.Invoice): void {
  const now = nowSeconds();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  for (const payment of Object.values(scope.ledger.invoicePayments)) {
    if (idOf(payment.invoice) === invoice.id && payment.is_default) {
      payment.status = "paid";
      payment.amount_paid = invoice.amount_due;
      payment.status_transitions.paid_at = now;
    }
  }
  scope.emit("invoice.paid", invoice);
  scope.emit("invoice.payment_succeeded", invoice);
}

export type AttemptOutcome = "paid" | "failed" | "requires_action";

/**
 * Brings the invoice (and, when asked, its subscription) in line with an attempt on its
 * PaymentIntent: paid → subscription active; failed → renewal `past_due`.
 */
export function settleInvoiceFromIntent(
  scope: Scope,
  intent: S.PaymentIntent,
  updateSubscription: boolean,
): AttemptOutcome | null {
  const invoice = scope.ledger.invoices[scope.ledger.hidden.invoiceOfIntent[intent.id] ?? ""];
  if (!invoice || invoice.status !== "open") return null;
  invoice.attempted = true;
  invoice.attempt_count += 1;
  let outcome: AttemptOutcome;
  if (intent.status === "succeeded") {
    markInvoicePaid(scope, invoice);
    outcome = "paid";
  } else if (intent.status === "requires_action") {
    scope.emit("invoice.payment_action_required", invoice);
    outcome = "requires_action";
  } else {
    invoice.next_payment_attempt =
      invoice.billing_reason === "subscription_cycle" ? nowSeconds() + NEXT_ATTEMPT_DELAY_S : null;
    scope.emit("invoice.payment_failed", invoice);
    outcome = "failed";
  }
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription = scope.ledger.subscriptions[idOf(subscriptionId) ?? ""];
  if (updateSubscription && subscription) applyOutcomeToSubscription(scope, subscription, outcome);
  return outcome;
}

/** Subscription status after its invoice was (not) paid. */
export function applyOutcomeToSubscription(scope: Scope, subscription: S.Subscription, outcome: AttemptOutcome): void {
  const before = toJson(subscription);
  if (
    outcome === "paid" &&
    (subscription.status === "incomplete" || subscription.status === "past_due" || subscription.status === "unpaid")
  ) {
    subscription.status = "active";
  } else if (outcome !== "paid" && (subscription.status === "active" || subscription.status === "trialing")) {
    subscription.status = "past_due";
  }
  const previous = changedAttributes(before, subscription);
  if (previous) scope.emit("customer.subscription.updated", subscription, previous);
}

/**
 * One payment attempt on an open invoice, off-session as Stripe's automatic collection
 * does (`POST /v1/invoices/:id/pay` and renewals come here).
 */
export function attemptInvoicePayment(
  scope: Scope,
  invoice: S.Invoice,
  options: {
    paymentMethodId: string | null;
    offSession: boolean;
    updateSubscription: boolean;
    forceDecline?: boolean;
    returnUrl?: string;
  },
): { outcome: AttemptOutcome; error: StripeApiError | null } {
  const intent = intentOfInvoice(scope, invoice);
  if (!intent) {
    markInvoicePaid(scope, invoice);
    return { outcome: "paid", error: null };
  }
  if (!options.paymentMethodId) {
    // Nothing to charge: Stripe records a failed attempt without a charge.
    invoice.attempted = true;
    invoice.attempt_count += 1;
    scope.emit("invoice.payment_failed", invoice);
    const subscription = scope.ledger.subscriptions[idOf(invoice.parent?.subscription_details?.subscription) ?? ""];
    if (options.updateSubscription && subscription) applyOutcomeToSubscription(scope, subscription, "failed");
    return {
      outcome: "failed",
      error: invalidRequest(
        "This customer has no attached payment source or default payment method.",
        "resource_missing",
      ),
    };
  }
  let error: StripeApiError | null = null;
  try {
    confirmPaymentIntent(scope, intent, {
      paymentMethodId: options.paymentMethodId,
      offSession: options.offSession,
      ...(options.forceDecline ? { forceDecline: true } : {}),
      ...(options.returnUrl ? { returnUrl: options.returnUrl } : {}),
    });
  } catch (caught) {
    if (!(caught instanceof StripeApiError)) throw caught;
    error = caught;
  }
  const outcome = settleInvoiceFromIntent(scope, intent, options.updateSubscription) ?? (error ? "failed" : "paid");
  return { outcome, error };
}
