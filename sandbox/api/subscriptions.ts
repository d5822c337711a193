import { getOrThrow } from "../core/collections";
import { invalidRequest, missingParam, paramError } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { nowSeconds } from "../core/clock";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { subscriptionItem } from "../objects/billing";
import {
  applyCancelAtPeriodEnd,
  cancelSubscriptionNow,
  createSubscription,
  type ItemInput,
  type PaymentBehavior,
} from "../billing/subscriptions";
import { readDefaultPaymentMethod } from "./common-params";
import { createPriceFromData } from "./products-and-prices";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

const ACCEPTED_UNUSED = [
  "add_invoice_items",
  "application_fee_percent",
  "automatic_tax",
  "backdate_start_date",
  "billing_cycle_anchor",
  "billing_cycle_anchor_config",
  "billing_mode",
  "billing_thresholds",
  "collection_method",
  "currency",
  "days_until_due",
  "default_source",
  "default_tax_rates",
  "discounts",
  "invoice_settings",
  "off_session",
  "on_behalf_of",
  "payment_settings",
  "pending_invoice_item_interval",
  "proration_behavior",
  "transfer_data",
  "trial_from_plan",
  "trial_settings",
  "cancel_at",
  "managed_payments",
];

function readItemPrice(scope: Scope, item: Params): S.Price {
  item.assertKnown([
    "price",
    "price_data",
    "quantity",
    "metadata",
    "id",
    "deleted",
    "clear_usage",
    "discounts",
    "tax_rates",
    "billing_thresholds",
    "plan",
  ]);
  const priceId = item.string("price") ?? item.string("plan");
  if (priceId) return getOrThrow(scope, "prices", priceId, "items[0][price]");
  const data = item.object("price_data");
  if (data) return createPriceFromData(scope, data);
  throw missingParam("items[0][price]");
}

function readItems(scope: Scope, params: Params): ItemInput[] {
  const items = params.objectArray("items");
  if (items.length === 0) throw missingParam("items");
  return items.map((item) => ({
    price: readItemPrice(scope, item),
    quantity: item.int("quantity") ?? 1,
    metadata: item.metadata(),
  }));
}

/** `trial_end` is a timestamp or `now`; `trial_period_days` counts from now. */
function readTrialEnd(params: Params): number | null {
  const trialEnd = params.string("trial_end");
  if (trialEnd === "now") return null;
  if (trialEnd !== undefined) {
    const value = params.int("trial_end") ?? 0;
    if (value <= nowSeconds())
      throw paramError("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.");
    return value;
  }
  const days = params.int("trial_period_days");
  return days ? nowSeconds() + days * 86400 : null;
}

function create({ scope, params }: ApiCall): S.Subscription {
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const paymentBehavior: PaymentBehavior =
    params.oneOf("payment_behavior", [
      "allow_incomplete",
      "default_incomplete",
      "error_if_incomplete",
      "pending_if_incomplete",
    ] as const) ?? "allow_incomplete";
  return createSubscription(scope, {
    customer,
    items: readItems(scope, params),
    defaultPaymentMethod: readDefaultPaymentMethod(scope, params, customer.id) ?? null,
    paymentBehavior,
    trialEnd: readTrialEnd(params),
    metadata: params.metadata(),
    description: params.string("description") ?? null,
    cancelAtPeriodEnd: params.bool("cancel_at_period_end") ?? false,
  });
}

/** Price changes swap the item's price (the sandbox does not prorate). */
function applyItemChanges(scope: Scope, subscription: S.Subscription, params: Params): void {
  for (const item of params.objectArray("items")) {
    const existingId = item.string("id");
    const existing = subscription.items.data.find((candidate) => candidate.id === existingId);
    if (existingId && !existing)
      throw paramError("items[0][id]", `No such subscription item: '${existingId}'`, "resource_missing");
    if (existing && item.bool("deleted")) {
      subscription.items.data = subscription.items.data.filter((candidate) => candidate.id !== existing.id);
      continue;
    }
    if (existing) {
      if (item.has("price") || item.has("price_data")) existing.price = readItemPrice(scope, item);
      if (item.has("quantity")) existing.quantity = item.int("quantity") ?? 1;
      if (item.has("metadata")) existing.metadata = item.metadata(existing.metadata);
      continue;
    }
    const first = subscription.items.data[0];
    subscription.items.data.push(
      subscriptionItem({
        subscription: subscription.id,
        price: readItemPrice(scope, item),
        quantity: item.int("quantity") ?? 1,
        periodStart: first?.current_period_start ?? nowSeconds(),
        periodEnd: first?.current_period_end ?? nowSeconds(),
        metadata: item.metadata(),
      }),
    );
  }
}

function update(call: ApiCall): S.Subscription {
  const { scope, params } = call;
  const subscription = getOrThrow(scope, "subscriptions", pathParam(call, "id"));
  const onlyMetadata = Object.keys(params.raw).every(
    (key) => key === "metadata" || key === "cancellation_details" || key === "expand",
  );
  if (subscription.status === "canceled" && !onlyMetadata) {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
      "subscription_unexpected_state",
    );
  }
  const before = toJson(subscription);
  if (params.has("cancel_at_period_end"))
    applyCancelAtPeriodEnd(subscription, params.bool("cancel_at_period_end") ?? false);
  const defaultPaymentMethod = readDefaultPaymentMethod(scope, params, idOf(subscription.customer) ?? "");
  if (defaultPaymentMethod !== undefined) subscription.default_payment_method = defaultPaymentMethod;
  if (params.has("metadata")) subscription.metadata = params.metadata(subscription.metadata);
  if (params.has("description")) subscription.description = params.nullableString("description") ?? null;
  if (params.has("items")) applyItemChanges(scope, subscription, params);
  const previous = changedAttributes(before, subscription);
  if (previous) scope.emit("customer.subscription.updated", subscription, previous);
  return subscription;
}

function cancel(call: ApiCall): S.Subscription {
  const subscription = getOrThrow(call.scope, "subscriptions", pathParam(call, "id"));
  cancelSubscriptionNow(call.scope, subscription);
  return subscription;
}

function list({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const price = params.string("price");
  const status = params.string("status");
  const items = newestFirst(scope.ledger.subscriptions).filter(
    (subscription) =>
      (!customer || idOf(subscription.customer) === customer) &&
      (!price || subscription.items.data.some((item) => item.price.id === price)) &&
      // Like Stripe, canceled subscriptions are listed only when asked for.
      (status === "all" || (status ? subscription.status === status : subscription.status !== "canceled")) &&
      matchesRange(subscription.created, params),
  );
  return paginate(items, params, "/v1/subscriptions");
}

export const subscriptionRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/subscriptions",
    params: [
      "customer",
      "items",
      "default_payment_method",
      "payment_behavior",
      "trial_end",
      "trial_period_days",
      "metadata",
      "description",
      "cancel_at_period_end",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions",
    params: [
      ...LIST_PARAMS,
      "customer",
      "price",
      "status",
      "collection_method",
      "current_period_end",
      "current_period_start",
      "test_clock",
      "automatic_tax",
    ],
    handle: list,
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "subscriptions", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/subscriptions/:id",
    params: [
      "cancel_at_period_end",
      "default_payment_method",
      "metadata",
      "description",
      "items",
      "cancellation_details",
      "payment_behavior",
      "pause_collection",
      "trial_end",
      ...ACCEPTED_UNUSED,
    ],
    handle: update,
  },
  {
    method: "DELETE",
    pattern: "/v1/subscriptions/:id",
    params: ["invoice_now", "prorate", "cancellation_details"],
    handle: cancel,
  },
  {
    method: "POST",
    pattern: "/v1/subscriptions/:id/cancel",
    params: ["invoice_now", "prorate", "cancellation_details"],
    handle: cancel,
  },
];
