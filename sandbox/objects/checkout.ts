import { nowSeconds } from "../core/clock";
import { newCheckoutSessionId, newId } from "../core/ids";
import type * as S from "../core/stripe-types";
import type { CheckoutUiMode } from "../vocabulary/stripe-vocabulary.generated";

export function checkoutLineItem(price: S.Price, quantity: number, description: string | null): S.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    metadata: {},
    price,
    quantity,
  };
}

export function checkoutSession(args: {
  livemode: boolean;
  baseUrl: string;
  mode: "payment" | "subscription";
  lineItems: S.LineItem[];
  successUrl: string | null;
  cancelUrl: string | null;
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  expiresAt: number;
  customerCreation: "always" | "if_required" | null;
  uiMode: CheckoutUiMode;
  returnUrl: string | null;
}): S.CheckoutSession {
  const id = newCheckoutSessionId(args.livemode);
  const total = args.lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: args.cancelUrl,
    client_reference_id: args.clientReferenceId,
    client_secret: args.uiMode === "hosted_page" ? null : `${id}_secret_${newId("cs").slice(3)}`,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: nowSeconds(),
    currency: args.lineItems[0]?.currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: args.customer,
    customer_account: null,
    customer_creation: args.customerCreation,
    customer_details: args.customerEmail
      ? {
          address: null,
          business_name: null,
          email: args.customerEmail,
          individual_name: null,
          name: null,
          phone: null,
          tax_exempt: "none",
          tax_ids: null,
        }
      : null,
    customer_email: args.customerEmail,
    discounts: [],
    expires_at: args.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      args.mode === "payment"
        ? {
            enabled: false,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: null,
              footer: null,
              issuer: null,
              metadata: {},
              rendering_options: null,
            },
          }
        : null,
    livemode: args.livemode,
    locale: null,
    managed_payments: null,
    metadata: args.metadata,
    mode: args.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: args.mode === "subscription" ? "always" : null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: args.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: args.uiMode,
    url: args.uiMode === "hosted_page" ? `${args.baseUrl}/checkout/pay/${id}` : null,
    wallet_options: null,
    ...(args.returnUrl ? { return_url: args.returnUrl } : {}),
  };
}
