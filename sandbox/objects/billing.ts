import { nowSeconds } from "../core/clock";
import { newId } from "../core/ids";
import type * as S from "../core/stripe-types";
import { planFromPrice } from "./catalog";

export function subscriptionItem(args: {
  subscription: string;
  price: S.Price;
  quantity: number;
  periodStart: number;
  periodEnd: number;
  metadata: Record<string, string>;
}): S.SubscriptionItem {
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: nowSeconds(),
    current_period_end: args.periodEnd,
    current_period_start: args.periodStart,
    current_trial: null,
    discounts: [],
    metadata: args.metadata,
    plan: planFromPrice(args.price),
    price: args.price,
    quantity: args.quantity,
    subscription: args.subscription,
    tax_rates: [],
  };
}

export function subscription(args: {
  id: string;
  livemode: boolean;
  customer: string;
  currency: string;
  items: S.SubscriptionItem[];
  defaultPaymentMethod: string | null;
  description: string | null;
  metadata: Record<string, string>;
  trialStart: number | null;
  trialEnd: number | null;
  anchor: number;
  cancelAtPeriodEnd: boolean;
}): S.Subscription {
  const created = nowSeconds();
  return {
    id: args.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: args.anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: args.cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created,
    currency: args.currency,
    customer: args.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: args.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: args.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: { object: "list", data: args.items, has_more: false, url: `/v1/subscription_items?subscription=${args.id}` },
    latest_invoice: null,
    livemode: args.livemode,
    managed_payments: null,
    metadata: args.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status: "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: args.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: args.trialStart,
  };
}

export function invoiceLine(args: {
  livemode: boolean;
  invoice: string;
  subscription: S.Subscription;
  item: S.SubscriptionItem;
  amount: number;
  description: string;
}): S.InvoiceLineItem {
  const quantity = args.item.quantity ?? 1;
  return {
    id: newId("il"),
    object: "line_item",
    amount: args.amount,
    currency: args.item.price.currency,
    description: args.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: args.invoice,
    livemode: args.livemode,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: args.subscription.id,
        subscription_item: args.item.id,
      },
      type: "subscription_item_details",
    },
    period: { end: args.item.current_period_end, start: args.item.current_period_start },
    pretax_credit_amounts: [],
    pricing: {
      price_details: {
        price: args.item.price.id,
        product: typeof args.item.price.product === "string" ? args.item.price.product : args.item.price.product.id,
      },
      type: "price_details",
      unit_amount_decimal: args.item.price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: String(quantity),
    subscription: args.subscription.id,
    subtotal: args.amount,
    taxes: [],
  };
}

export function invoice(args: {
  id: string;
  livemode: boolean;
  baseUrl: string;
  customer: S.Customer;
  subscription: S.Subscription;
  lines: S.InvoiceLineItem[];
  billingReason: "subscription_create" | "subscription_cycle";
  periodStart: number;
  periodEnd: number;
  number: string;
  defaultPaymentMethod: string | null;
}): S.Invoice {
  const total = args.lines.reduce((sum, line) => sum + line.amount, 0);
  const created = nowSeconds();
  return {
    id: args.id,
    object: "invoice",
    account_country: "US",
    account_name: "Sandbox",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: args.billingReason,
    collection_method: "charge_automatically",
    created,
    currency: args.subscription.currency,
    custom_fields: null,
    customer: args.customer.id,
    customer_account: null,
    customer_address: args.customer.address ?? null,
    customer_email: args.customer.email,
    customer_name: args.customer.name ?? null,
    customer_phone: args.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: args.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${args.baseUrl}/invoices/${args.id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: args.lines, has_more: false, url: `/v1/invoices/${args.id}/lines` },
    livemode: args.livemode,
    metadata: {},
    next_payment_attempt: null,
    number: args.number,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: args.subscription.metadata, subscription: args.subscription.id },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: args.periodEnd,
    period_start: args.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
  };
}

export function invoicePayment(args: {
  livemode: boolean;
  invoice: S.Invoice;
  paymentIntent: string;
}): S.InvoicePayment {
  return {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: args.invoice.amount_due,
    created: nowSeconds(),
    currency: args.invoice.currency,
    invoice: args.invoice.id,
    is_default: true,
    livemode: args.livemode,
    payment: { payment_intent: args.paymentIntent, type: "payment_intent" },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
}

export function portalSession(args: {
  livemode: boolean;
  baseUrl: string;
  customer: string;
  returnUrl: string | null;
}): S.PortalSession {
  const id = newId("bps");
  return {
    id,
    object: "billing_portal.session",
    configuration: "bpc_sandbox_default",
    created: nowSeconds(),
    customer: args.customer,
    customer_account: null,
    flow: null,
    livemode: args.livemode,
    locale: null,
    on_behalf_of: null,
    return_url: args.returnUrl,
    url: `${args.baseUrl}/billing_portal/${id}`,
  };
}
