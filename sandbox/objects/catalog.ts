import { nowSeconds } from "../core/clock";
import { newId, randomBase62 } from "../core/ids";
import type * as S from "../core/stripe-types";

export function customer(args: {
  livemode: boolean;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  address: S.Address | null;
  metadata: Record<string, string>;
  defaultPaymentMethod: string | null;
}): S.Customer {
  return {
    id: newId("cus"),
    object: "customer",
    address: args.address,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: args.description,
    discount: null,
    email: args.email,
    invoice_prefix: randomBase62(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: args.defaultPaymentMethod,
      footer: null,
      rendering_options: null,
    },
    livemode: args.livemode,
    metadata: args.metadata,
    name: args.name,
    next_invoice_sequence: 1,
    phone: args.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function product(args: {
  livemode: boolean;
  name: string;
  description: string | null;
  active: boolean;
  images: string[];
  metadata: Record<string, string>;
  url: string | null;
  id?: string;
}): S.Product {
  const created = nowSeconds();
  return {
    id: args.id ?? newId("prod"),
    object: "product",
    active: args.active,
    created,
    default_price: null,
    description: args.description,
    images: args.images,
    livemode: args.livemode,
    marketing_features: [],
    metadata: args.metadata,
    name: args.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: created,
    url: args.url,
  };
}

export interface RecurringInput {
  interval: "day" | "week" | "month" | "year";
  intervalCount: number;
}

export function price(args: {
  livemode: boolean;
  product: string;
  currency: string;
  unitAmount: number;
  recurring: RecurringInput | null;
  nickname: string | null;
  lookupKey: string | null;
  active: boolean;
  metadata: Record<string, string>;
}): S.Price {
  return {
    id: newId("price"),
    object: "price",
    active: args.active,
    billing_scheme: "per_unit",
    created: nowSeconds(),
    currency: args.currency,
    custom_unit_amount: null,
    livemode: args.livemode,
    lookup_key: args.lookupKey,
    metadata: args.metadata,
    nickname: args.nickname,
    product: args.product,
    recurring: args.recurring
      ? {
          interval: args.recurring.interval,
          interval_count: args.recurring.intervalCount,
          meter: null,
          trial_period_days: null,
          usage_type: "licensed",
        }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: args.recurring ? "recurring" : "one_time",
    unit_amount: args.unitAmount,
    unit_amount_decimal: String(args.unitAmount),
  };
}

/** The legacy `plan` view of a recurring price that subscription items still carry. */
export function planFromPrice(price: S.Price): S.SubscriptionItem["plan"] {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: price.livemode,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}
