import { nowSeconds } from "../core/clock";
import { StripeApiError, invalidRequest } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson, type JsonObject } from "../core/json";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { invoice as buildInvoice, invoiceLine, invoicePayment, refreshInvoiceTotals } from "../objects/billing";
import { paymentIntent } from "../objects/payments";
import { confirmPaymentIntent } from "../payments/confirm";
import { pendingInvoiceItems, pullIntoInvoice } from "./invoice-items";

/** Stripe retries a failed renewal payment; the sandbox shows the next try three days out. */
const NEXT_ATTEMPT_DELAY_S = 3 * 86400;

/** Draft invoices with `auto_advance` are finalized (and charged) about an hour after creation. */
const AUTO_ADVANCE_DELAY_S = 3600;

function customerOf(scope: Scope, id: string): S.Customer {
  const customer = scope.ledger.customers[id];
  if (!customer) throw invalidRequest(`No such customer: '${id}'`, "resource_missing", "customer");
  return customer;
}

function subscriptionOf(scope: Scope, invoice: S.Invoice): S.Subscription | undefined {
  return scope.ledger.subscriptions[idOf(invoice.parent?.subscription_details?.subscription) ?? ""];
}

/** The PaymentMethod a subscription charges: its own default, else the customer's. */
export function billingPaymentMethod(scope: Scope, subscription: S.Subscription): string | null {
  const customer = scope.ledger.customers[idOf(subscription.customer) ?? ""];
  return idOf(subscription.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

/**
 * The PaymentMethod an invoice is charged with, in Stripe's order: the invoice's own
 * default, then its subscription's, then the customer's `invoice_settings`.
 */
export function invoicePaymentMethod(scope: Scope, invoice: S.Invoice): string | null {
  const own = idOf(invoice.default_payment_method);
  if (own) return own;
  const subscription = subscriptionOf(scope, invoice);
  if (subscription) return billingPaymentMethod(scope, subscription);
  const customer = scope.ledger.customers[idOf(invoice.customer) ?? ""];
  return idOf(customer?.invoice_settings.default_payment_method) ?? null;
}

/** The PaymentIntent that collects an invoice (through its default invoice payment). */
export function intentOfInvoice(scope: Scope, invoice: S.Invoice): S.PaymentIntent | undefined {
  const payment = Object.values(scope.ledger.invoicePayments).find(
    (candidate) => idOf(candidate.invoice) === invoice.id && candidate.is_default,
  );
  if (!payment || payment.payment.type !== "payment_intent") return undefined;
  return scope.ledger.paymentIntents[idOf(payment.payment.payment_intent) ?? ""];
}

/** Stores a new draft and announces it, as every invoice starts. */
function storeDraft(scope: Scope, draft: S.Invoice): void {
  refreshInvoiceTotals(draft);
  scope.ledger.invoices[draft.id] = draft;
  scope.emit("invoice.created", draft);
}

/**
 * The draft invoice for the subscription's current period. A renewal also bills the
 * customer's pending invoice items, as Stripe's next invoice does, and like Stripe's it
 * stays a draft for about an hour before it is finalized and charged.
 */
export function draftSubscriptionInvoice(
  scope: Scope,
  subscription: S.Subscription,
  billingReason: "subscription_create" | "subscription_cycle",
): S.Invoice {
  const customer = customerOf(scope, idOf(subscription.customer) ?? "");
  const trialing = subscription.status === "trialing";
  const firstItem = subscription.items.data[0];
  const draft = buildInvoice({
    livemode: scope.livemode,
    customer,
    subscription,
    currency: subscription.currency,
    billingReason,
    periodStart: firstItem?.current_period_start ?? nowSeconds(),
    periodEnd: firstItem?.current_period_end ?? nowSeconds(),
    defaultPaymentMethod: idOf(subscription.default_payment_method),
    collectionMethod: "charge_automatically",
    autoAdvance: true,
    dueDate: null,
    description: null,
    footer: null,
    statementDescriptor: null,
    metadata: {},
  });
  draft.lines.data = subscription.items.data.map((item) => {
    const productId = idOf(item.price.product) ?? "";
    const productName = scope.ledger.products[productId]?.name ?? productId;
    const quantity = item.quantity ?? 1;
    return invoiceLine({
      livemode: scope.livemode,
      invoice: draft.id,
      subscription,
      item,
      amount: trialing ? 0 : (item.price.unit_amount ?? 0) * quantity,
      description: trialing ? `Trial period for ${productName}` : `${quantity} × ${productName}`,
    });
  });
  if (billingReason === "subscription_cycle") {
    const pending = pendingInvoiceItems(scope, customer.id, {
      currency: draft.currency,
      subscription: subscription.id,
    });
    pullIntoInvoice(scope, draft, pending);
    draft.automatically_finalizes_at = draft.created + AUTO_ADVANCE_DELAY_S;
    draft.next_payment_attempt = draft.created + AUTO_ADVANCE_DELAY_S;
  }
  storeDraft(scope, draft);
  subscription.latest_invoice = draft.id;
  return draft;
}

/**
 * A new subscription's first invoice: finalized at once with the PaymentIntent that will
 * collect it, as Stripe does; a zero total (a trial) is paid at once.
 */
export function createSubscriptionInvoice(scope: Scope, subscription: S.Subscription): S.Invoice {
  const invoice = draftSubscriptionInvoice(scope, subscription, "subscription_create");
  finalizeInvoice(scope, invoice);
  return invoice;
}

/**
 * What Stripe does when an auto-advancing draft's hour is up: finalize it and make the
 * first automatic, off-session payment attempt. `forceDecline` makes that attempt fail
 * whatever the card (the renewal control's `outcome=fail`).
 */
export function advanceDraftInvoice(scope: Scope, invoice: S.Invoice, options: { forceDecline?: boolean } = {}): void {
  const chargesNow = invoice.collection_method === "charge_automatically";
  finalizeInvoice(scope, invoice, chargesNow ? nowSeconds() : null);
  if (invoice.status !== "open" || !chargesNow) return;
  attemptInvoicePayment(scope, invoice, {
    paymentMethodId: invoicePaymentMethod(scope, invoice),
    offSession: true,
    updateSubscription: true,
    ...(options.forceDecline ? { forceDecline: true } : {}),
  });
}

export interface ManualInvoiceInput {
  customer: S.Customer;
  currency: string | undefined;
  /** `pending_invoice_items_behavior=include`: pull in the customer's pending invoice items. */
  includePendingItems: boolean;
  collectionMethod: "charge_automatically" | "send_invoice";
  autoAdvance: boolean;
  dueDate: number | null;
  defaultPaymentMethod: string | null;
  description: string | null;
  footer: string | null;
  statementDescriptor: string | null;
  metadata: Record<string, string>;
}

/** `POST /v1/invoices`: a one-off draft, with the pending invoice items when asked. */
export function createManualInvoice(scope: Scope, input: ManualInvoiceInput): S.Invoice {
  const pending = input.includePendingItems
    ? pendingInvoiceItems(scope, input.customer.id, { currency: input.currency, subscription: null })
    : [];
  const currency = input.currency ?? input.customer.currency ?? pending[0]?.currency ?? "usd";
  const now = nowSeconds();
  const draft = buildInvoice({
    livemode: scope.livemode,
    customer: input.customer,
    subscription: null,
    currency,
    billingReason: "manual",
    periodStart: now,
    periodEnd: now,
    defaultPaymentMethod: input.defaultPaymentMethod,
    collectionMethod: input.collectionMethod,
    autoAdvance: input.autoAdvance,
    dueDate: input.dueDate,
    description: input.description,
    footer: input.footer,
    statementDescriptor: input.statementDescriptor,
    metadata: input.metadata,
  });
  if (input.autoAdvance) {
    draft.automatically_finalizes_at = draft.created + AUTO_ADVANCE_DELAY_S;
    if (input.collectionMethod === "charge_automatically")
      draft.next_payment_attempt = draft.created + AUTO_ADVANCE_DELAY_S;
  }
  pullIntoInvoice(
    scope,
    draft,
    pending.filter((item) => item.currency === currency),
  );
  storeDraft(scope, draft);
  return draft;
}

/** What Stripe writes on the PaymentIntents it creates to collect invoices. */
function intentDescription(invoice: S.Invoice): string {
  if (invoice.billing_reason === "subscription_create") return "Subscription creation";
  if (invoice.billing_reason === "subscription_cycle") return "Subscription update";
  return "Payment for Invoice";
}

/**
 * Draft → open (`POST /v1/invoices/:id/finalize`, or before the first payment attempt):
 * the invoice gets its number and hosted page, and a PaymentIntent to collect it. Like
 * Stripe, finalizing does not charge; a zero total is paid at once.
 */
export function finalizeInvoice(scope: Scope, invoice: S.Invoice, nextPaymentAttempt: number | null = null): void {
  if (invoice.status !== "draft") {
    throw invalidRequest(
      "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
      "invoice_not_editable",
    );
  }
  const customer = customerOf(scope, idOf(invoice.customer) ?? "");
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  const now = nowSeconds();
  refreshInvoiceTotals(invoice);
  invoice.number = `${customer.invoice_prefix ?? "SANDBOX"}-${String(sequence).padStart(4, "0")}`;
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${scope.baseUrl}/invoices/${invoice.id}`;
  invoice.automatically_finalizes_at = null;
  invoice.next_payment_attempt = invoice.amount_due > 0 ? nextPaymentAttempt : null;
  if (invoice.amount_due > 0) {
    const forSubscription = invoice.billing_reason !== "manual";
    const intent = paymentIntent({
      livemode: scope.livemode,
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customer.id,
      description: intentDescription(invoice),
      metadata: {},
      paymentMethodTypes: ["card"],
      automaticPaymentMethods: false,
      captureMethod: "automatic",
      receiptEmail: null,
      setupFutureUsage: forSubscription ? "off_session" : null,
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
}

function markInvoicePaid(scope: Scope, invoice: S.Invoice): void {
  const now = nowSeconds();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  const paidPayments = Object.values(scope.ledger.invoicePayments).filter(
    (payment) => idOf(payment.invoice) === invoice.id && payment.is_default && payment.status === "open",
  );
  for (const payment of paidPayments) {
    payment.status = "paid";
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = now;
  }
  scope.emit("invoice.paid", invoice);
  scope.emit("invoice.payment_succeeded", invoice);
  for (const payment of paidPayments) scope.emit("invoice_payment.paid", payment);
}

/**
 * A failed automatic-collection attempt: `invoice.payment_failed`, then `invoice.updated`
 * with the attempt count and the next retry it changed (Stripe retries a renewal).
 */
function recordFailedAttempt(scope: Scope, invoice: S.Invoice, before: JsonObject): void {
  invoice.next_payment_attempt =
    invoice.billing_reason === "subscription_cycle" ? nowSeconds() + NEXT_ATTEMPT_DELAY_S : null;
  scope.emit("invoice.payment_failed", invoice);
  const previous = changedAttributes(before, invoice);
  if (previous) scope.emit("invoice.updated", invoice, previous);
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
  const before = toJson(invoice);
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
    recordFailedAttempt(scope, invoice, before);
    outcome = "failed";
  }
  const subscription = subscriptionOf(scope, invoice);
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
    const before = toJson(invoice);
    invoice.attempted = true;
    invoice.attempt_count += 1;
    recordFailedAttempt(scope, invoice, before);
    const subscription = subscriptionOf(scope, invoice);
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
