import { addInterval, nowSeconds, type Interval } from "../core/clock";
import { cardError, invalidRequest } from "../core/errors";
import { changedAttributes } from "../core/events";
import { newId } from "../core/ids";
import { toJson } from "../core/json";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { subscription as buildSubscription, subscriptionItem } from "../objects/billing";
import {
  advanceDraftInvoice,
  attemptInvoicePayment,
  createSubscriptionInvoice,
  draftSubscriptionInvoice,
} from "./invoices";

export interface ItemInput {
  price: S.Price;
  quantity: number;
  metadata: Record<string, string>;
}

export type PaymentBehavior =
  "allow_incomplete" | "default_incomplete" | "error_if_incomplete" | "pending_if_incomplete";

export interface SubscriptionInput {
  customer: S.Customer;
  items: ItemInput[];
  defaultPaymentMethod: string | null;
  paymentBehavior: PaymentBehavior;
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
  cancelAtPeriodEnd: boolean;
}

function recurringOf(price: S.Price): { interval: Interval; count: number } {
  const recurring = price.recurring;
  if (!recurring) {
    throw invalidRequest(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      "parameter_invalid",
      "items[0][price]",
    );
  }
  const interval = recurring.interval;
  const known: Interval[] = ["day", "week", "month", "year"];
  return { interval: known.find((candidate) => candidate === interval) ?? "month", count: recurring.interval_count };
}

/**
 * Creates a subscription and its first invoice. Like Stripe: `default_incomplete` waits
 * for the invoice's PaymentIntent to be confirmed (Checkout, Payment Element);
 * `allow_incomplete` charges the saved card now and stays `incomplete` if that fails;
 * `error_if_incomplete` answers the decline with a 402 and creates nothing.
 */
export function createSubscription(scope: Scope, input: SubscriptionInput): S.Subscription {
  const first = input.items[0];
  if (!first) throw invalidRequest("Missing required param: items.", "parameter_missing", "items");
  const { interval, count } = recurringOf(first.price);
  for (const item of input.items) recurringOf(item.price);

  const paymentMethodId = input.defaultPaymentMethod ?? idOf(input.customer.invoice_settings.default_payment_method);
  if (!paymentMethodId && input.paymentBehavior !== "default_incomplete" && input.trialEnd === null) {
    throw invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.",
      "resource_missing",
    );
  }

  const now = nowSeconds();
  const periodEnd = input.trialEnd ?? addInterval(now, interval, count);
  const id = newId("sub");
  const subscription = buildSubscription({
    id,
    livemode: scope.livemode,
    customer: input.customer.id,
    currency: first.price.currency,
    items: input.items.map((item) =>
      subscriptionItem({
        subscription: id,
        price: item.price,
        quantity: item.quantity,
        periodStart: now,
        periodEnd,
        metadata: item.metadata,
      }),
    ),
    defaultPaymentMethod: input.defaultPaymentMethod,
    description: input.description,
    metadata: input.metadata,
    trialStart: input.trialEnd === null ? null : now,
    trialEnd: input.trialEnd,
    anchor: periodEnd,
    cancelAtPeriodEnd: input.cancelAtPeriodEnd,
  });
  if (input.trialEnd !== null) subscription.status = "trialing";
  scope.ledger.subscriptions[id] = subscription;

  const announce = () => scope.emit("customer.subscription.created", subscription);
  if (subscription.status === "trialing" || input.paymentBehavior === "default_incomplete") {
    announce();
    createSubscriptionInvoice(scope, subscription);
    return subscription;
  }

  const invoice = createSubscriptionInvoice(scope, subscription);
  const { outcome, error } = attemptInvoicePayment(scope, invoice, {
    paymentMethodId,
    offSession: false,
    updateSubscription: false,
  });
  if (outcome === "paid") subscription.status = "active";
  if (outcome !== "paid" && input.paymentBehavior === "error_if_incomplete") {
    delete scope.ledger.subscriptions[id];
    throw error ?? cardError({ code: "card_declined", message: "Your card was declined." });
  }
  announce();
  return subscription;
}

/**
 * The end of a billing period (`POST /_sandbox/subscriptions/:id/renew`, the dashboard's
 * Renew): the period advances and a `subscription_cycle` invoice is created as a draft
 * (`invoice.created`). Stripe finalizes and charges it off-session about an hour later;
 * the control runs that hour at once, so the events keep Stripe's order. A failure makes
 * the subscription `past_due`. With `cancel_at_period_end` it ends instead.
 */
export function renewSubscription(
  scope: Scope,
  subscription: S.Subscription,
  outcome: "succeed" | "fail" | undefined,
): S.Invoice | null {
  if (subscription.status === "canceled" || subscription.status === "incomplete_expired") {
    throw invalidRequest(
      `Subscription ${subscription.id} has status ${subscription.status} and cannot renew.`,
      "subscription_unexpected_state",
    );
  }
  if (subscription.cancel_at_period_end) {
    cancelSubscriptionNow(scope, subscription);
    return null;
  }
  const before = toJson(subscription);
  for (const item of subscription.items.data) {
    const { interval, count } = recurringOf(item.price);
    item.current_period_start = item.current_period_end;
    item.current_period_end = addInterval(item.current_period_start, interval, count);
  }
  if (subscription.status === "trialing") subscription.status = "active";
  const invoice = draftSubscriptionInvoice(scope, subscription, "subscription_cycle");
  const previous = changedAttributes(before, subscription);
  if (previous) scope.emit("customer.subscription.updated", subscription, previous);
  advanceDraftInvoice(scope, invoice, { forceDecline: outcome === "fail" });
  return invoice;
}

/** `cancel_at_period_end` and the fields Stripe sets with it (the caller emits the update). */
export function applyCancelAtPeriodEnd(subscription: S.Subscription, cancel: boolean): void {
  subscription.cancel_at_period_end = cancel;
  subscription.cancel_at = cancel ? (subscription.items.data[0]?.current_period_end ?? null) : null;
  subscription.canceled_at = cancel ? nowSeconds() : null;
  if (subscription.cancellation_details)
    subscription.cancellation_details.reason = cancel ? "cancellation_requested" : null;
}

export function cancelSubscriptionNow(
  scope: Scope,
  subscription: S.Subscription,
  reason: "cancellation_requested" | "payment_failed" = "cancellation_requested",
): void {
  if (subscription.status === "canceled") {
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata.`,
      "subscription_unexpected_state",
    );
  }
  const now = nowSeconds();
  subscription.status = "canceled";
  subscription.canceled_at = now;
  subscription.ended_at = now;
  subscription.cancellation_details = {
    ...(subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }),
    reason,
  };
  scope.emit("customer.subscription.deleted", subscription);
}
