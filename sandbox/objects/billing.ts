import { nowSeconds } from "../core/clock";
import { newId } from "../core/ids";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
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

/** Which invoices Stripe makes: for a subscription's period, or one-off (`POST /v1/invoices`). */
export type InvoiceBillingReason = "subscription_create" | "subscription_cycle" | "manual";

/**
 * A draft invoice. `number`, `hosted_invoice_url` and `effective_at` stay null until
 * it is finalized, as at Stripe; totals follow the lines (see `refreshInvoiceTotals`).
 */
export function invoice(args: {
  livemode: boolean;
  customer: S.Customer;
  subscription: S.Subscription | null;
  currency: string;
  billingReason: InvoiceBillingReason;
  periodStart: number;
  periodEnd: number;
  defaultPaymentMethod: string | null;
  collectionMethod: "charge_automatically" | "send_invoice";
  autoAdvance: boolean;
  dueDate: number | null;
  description: string | null;
  footer: string | null;
  statementDescriptor: string | null;
  metadata: Record<string, string>;
}): S.Invoice {
  const id = newId("in");
  const created = nowSeconds();
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Sandbox",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: args.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: args.billingReason,
    collection_method: args.collectionMethod,
    created,
    currency: args.currency,
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
    description: args.description,
    discounts: [],
    due_date: args.dueDate,
    effective_at: null,
    ending_balance: null,
    footer: args.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: args.livemode,
    metadata: args.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: args.subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: args.subscription.metadata, subscription: args.subscription.id },
          type: "subscription_details",
        }
      : null,
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
    statement_descriptor: args.statementDescriptor,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
  };
}

/** Sums the lines into the totals; the sandbox has no tax, discounts or credit balance. */
export function refreshInvoiceTotals(target: S.Invoice): void {
  const total = target.lines.data.reduce((sum, line) => sum + line.amount, 0);
  target.subtotal = total;
  target.subtotal_excluding_tax = total;
  target.total = total;
  target.total_excluding_tax = total;
  target.amount_due = Math.max(total, 0);
  target.amount_remaining = Math.max(total, 0) - target.amount_paid;
}

/** `POST /v1/invoiceitems`: a charge waiting for the customer's next invoice (or on a draft). */
export function invoiceItem(args: {
  livemode: boolean;
  customer: string;
  amount: number;
  currency: string;
  quantity: number;
  unitAmountDecimal: string;
  price: S.Price | null;
  description: string | null;
  discountable: boolean;
  period: { start: number; end: number } | null;
  subscription: string | null;
  metadata: Record<string, string>;
}): S.InvoiceItem {
  const date = nowSeconds();
  return {
    id: newId("ii"),
    object: "invoiceitem",
    amount: args.amount,
    currency: args.currency,
    customer: args.customer,
    customer_account: null,
    date,
    description: args.description,
    discountable: args.discountable,
    discounts: [],
    invoice: null,
    livemode: args.livemode,
    metadata: args.metadata,
    net_amount: args.amount,
    parent: args.subscription
      ? { subscription_details: { subscription: args.subscription }, type: "subscription_details" }
      : null,
    period: args.period ?? { end: date, start: date },
    pricing: {
      ...(args.price ? { price_details: { price: args.price.id, product: idOf(args.price.product) ?? "" } } : {}),
      type: "price_details",
      unit_amount_decimal: args.unitAmountDecimal,
    },
    proration: false,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: args.quantity,
    quantity_decimal: String(args.quantity),
    tax_rates: [],
    test_clock: null,
  };
}

/** The invoice line an invoice item becomes once an invoice pulls it in. */
export function invoiceItemLine(args: { livemode: boolean; invoice: string; item: S.InvoiceItem }): S.InvoiceLineItem {
  const { item } = args;
  const subscription = item.parent?.subscription_details?.subscription ?? null;
  return {
    id: newId("il"),
    object: "line_item",
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: args.invoice,
    livemode: args.livemode,
    metadata: item.metadata ?? {},
    parent: {
      invoice_item_details: {
        invoice_item: item.id,
        proration: false,
        proration_details: { credited_items: null },
        subscription,
      },
      subscription_item_details: null,
      type: "invoice_item_details",
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing
      ? {
          ...(item.pricing.price_details
            ? {
                price_details: {
                  price: idOf(item.pricing.price_details.price) ?? "",
                  product: item.pricing.price_details.product,
                },
              }
            : {}),
          type: "price_details",
          unit_amount_decimal: item.pricing.unit_amount_decimal,
        }
      : null,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription,
    subtotal: item.amount,
    taxes: [],
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
