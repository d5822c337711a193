import { nowSeconds } from "../core/clock";
import { newClientSecret, newId } from "../core/ids";
import type * as S from "../core/stripe-types";
import { emptyAddress } from "../core/stripe-types";
import type { CardFacts, Decline } from "../payments/test-cards";
import { fingerprint } from "../payments/test-cards";

/** Shapes follow Stripe's fixtures (`fixtures3.json`, MIT) for the pinned API version. */

export type BillingDetails = S.PaymentMethod["billing_details"];

export function emptyBillingDetails(): BillingDetails {
  return { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null };
}

export interface CardInput {
  facts: CardFacts;
  expMonth: number;
  expYear: number;
  cvcProvided: boolean;
}

export function cardPaymentMethod(args: {
  livemode: boolean;
  card: CardInput;
  billingDetails: BillingDetails;
  metadata: Record<string, string>;
  allowRedisplay?: S.PaymentMethod["allow_redisplay"];
}): S.PaymentMethod {
  const { facts } = args.card;
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: args.allowRedisplay ?? "unspecified",
    billing_details: args.billingDetails,
    card: {
      brand: facts.brand,
      checks: {
        address_line1_check: args.billingDetails.address?.line1 ? "pass" : null,
        address_postal_code_check: args.billingDetails.address?.postal_code ? "pass" : null,
        cvc_check: args.card.cvcProvided ? "pass" : null,
      },
      country: facts.country,
      display_brand: facts.brand,
      exp_month: args.card.expMonth,
      exp_year: args.card.expYear,
      fingerprint: fingerprint(facts.number),
      funding: facts.funding,
      generated_from: null,
      last4: facts.number.slice(-4),
      networks: { available: [facts.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: args.livemode,
    metadata: args.metadata,
    type: "card",
  };
}

export function bankAccountPaymentMethod(args: {
  livemode: boolean;
  accountNumber: string;
  routingNumber: string;
  accountHolderType: "individual" | "company";
  accountType: "checking" | "savings";
  billingDetails: BillingDetails;
  metadata: Record<string, string>;
}): S.PaymentMethod {
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: args.billingDetails,
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: args.livemode,
    metadata: args.metadata,
    type: "us_bank_account",
    us_bank_account: {
      account_holder_type: args.accountHolderType,
      account_type: args.accountType,
      bank_name: "STRIPE TEST BANK",
      financial_connections_account: null,
      fingerprint: fingerprint(`${args.routingNumber}:${args.accountNumber}`),
      last4: args.accountNumber.slice(-4),
      networks: { preferred: "ach", supported: ["ach"] },
      routing_number: args.routingNumber,
      status_details: null,
    },
  };
}

/** Stripe's `capture_method` values; `automatic_async` is the default since API 2024-04-10. */
export type CaptureMethod = "automatic" | "automatic_async" | "manual";
export const CAPTURE_METHODS: readonly CaptureMethod[] = ["automatic", "automatic_async", "manual"];

export function paymentIntent(args: {
  livemode: boolean;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[];
  /** `true` is Stripe's default `{ enabled: true, allow_redirects: "always" }`. */
  automaticPaymentMethods: boolean | { allowRedirects: "always" | "never" };
  captureMethod: CaptureMethod;
  receiptEmail: string | null;
  setupFutureUsage: "on_session" | "off_session" | null;
  shipping: S.PaymentIntent["shipping"];
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}): S.PaymentIntent {
  const id = newId("pi");
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: args.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: args.automaticPaymentMethods
      ? {
          allow_redirects:
            args.automaticPaymentMethods === true ? "always" : args.automaticPaymentMethods.allowRedirects,
          enabled: true,
        }
      : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: args.captureMethod,
    client_secret: newClientSecret(id),
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency: args.currency,
    customer: args.customer,
    customer_account: null,
    description: args.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: args.livemode,
    managed_payments: null,
    metadata: args.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: args.paymentMethodTypes,
    payment_record: null,
    processing: null,
    receipt_email: args.receiptEmail,
    review: null,
    setup_future_usage: args.setupFutureUsage,
    shipping: args.shipping,
    source: null,
    statement_descriptor: args.statementDescriptor,
    statement_descriptor_suffix: args.statementDescriptorSuffix,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}

/** Stripe's standard US card pricing, so fee/net look plausible on balance transactions. */
export function cardFee(amount: number): number {
  return Math.round(amount * 0.029) + 30;
}

export function charge(args: {
  livemode: boolean;
  baseUrl: string;
  intent: S.PaymentIntent;
  paymentMethod: S.PaymentMethod;
  decline: Decline | null;
  threeDSecure: boolean;
  captured: boolean;
  balanceTransaction: string | null;
  /** Bank debits start `pending` and settle later. */
  pending?: boolean;
}): S.Charge {
  const { intent, paymentMethod, decline } = args;
  const card = paymentMethod.card;
  const id = newId("ch");
  const succeeded = decline === null && !args.pending;
  return {
    id,
    object: "charge",
    amount: intent.amount,
    amount_captured: succeeded && args.captured ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: args.balanceTransaction,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: "SANDBOX",
    captured: succeeded && args.captured,
    created: nowSeconds(),
    currency: intent.currency,
    customer: typeof intent.customer === "string" ? intent.customer : null,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: args.livemode,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome:
      decline === null
        ? {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: "approved_by_network",
            reason: null,
            risk_level: "normal",
            risk_score: 32,
            seller_message: "Payment complete.",
            type: "authorized",
          }
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: decline.outcomeType === "blocked" ? "not_sent_to_network" : "declined_by_network",
            reason: decline.declineCode,
            risk_level: "normal",
            risk_score: 32,
            seller_message: decline.sellerMessage,
            type: decline.outcomeType,
          },
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: paymentMethod.us_bank_account
      ? {
          type: "us_bank_account",
          us_bank_account: {
            account_holder_type: paymentMethod.us_bank_account.account_holder_type,
            account_type: paymentMethod.us_bank_account.account_type,
            bank_name: paymentMethod.us_bank_account.bank_name,
            expected_debit_date: new Date((nowSeconds() + 2 * 86400) * 1000).toISOString().slice(0, 10),
            fingerprint: paymentMethod.us_bank_account.fingerprint,
            last4: paymentMethod.us_bank_account.last4,
            payment_reference: null,
            routing_number: paymentMethod.us_bank_account.routing_number,
          },
        }
      : {
          card: {
            amount_authorized: succeeded ? intent.amount : null,
            authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 900000)) : null,
            brand: card?.brand ?? null,
            checks: card?.checks ?? null,
            country: card?.country ?? null,
            electronic_commerce_indicator: args.threeDSecure ? "05" : null,
            exp_month: card?.exp_month ?? 0,
            exp_year: card?.exp_year ?? 0,
            extended_authorization: { status: "disabled" },
            fingerprint: card?.fingerprint ?? null,
            funding: card?.funding ?? null,
            incremental_authorization: { status: "unavailable" },
            installments: null,
            last4: card?.last4 ?? null,
            mandate: null,
            multicapture: { status: "unavailable" },
            network: card?.brand ?? null,
            network_token: { used: false },
            network_transaction_id: succeeded ? String(Math.floor(Math.random() * 1e15)) : null,
            overcapture: { maximum_amount_capturable: intent.amount, status: "unavailable" },
            regulated_status: "unregulated",
            three_d_secure: args.threeDSecure
              ? {
                  authentication_flow: "challenge",
                  electronic_commerce_indicator: "05",
                  exemption_indicator: null,
                  result: "authenticated",
                  result_reason: null,
                  transaction_id: null,
                  version: "2.2.0",
                }
              : null,
            transaction_link_id: null,
            wallet: null,
          },
          type: "card",
        },
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: succeeded ? `${args.baseUrl}/receipts/${id}` : null,
    refunded: false,
    review: null,
    shipping: intent.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: intent.statement_descriptor,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    status: succeeded ? "succeeded" : args.pending && decline === null ? "pending" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
}

export function balanceTransaction(args: {
  amount: number;
  fee: number;
  currency: string;
  source: string;
  type: "charge" | "refund";
  description: string | null;
}): S.BalanceTransaction {
  const created = nowSeconds();
  return {
    id: newId("txn"),
    object: "balance_transaction",
    amount: args.amount,
    available_on: created + 2 * 86400,
    balance_type: "payments",
    created,
    currency: args.currency,
    description: args.description,
    exchange_rate: null,
    fee: args.fee,
    fee_details: args.fee
      ? [
          {
            amount: args.fee,
            application: null,
            currency: args.currency,
            description: "Stripe processing fees",
            type: "stripe_fee",
          },
        ]
      : [],
    net: args.amount - args.fee,
    reporting_category: args.type === "charge" ? "charge" : "refund",
    source: args.source,
    status: "pending",
    type: args.type,
  };
}

export function refund(args: {
  amount: number;
  charge: S.Charge;
  reason: S.Refund["reason"];
  metadata: Record<string, string>;
  balanceTransaction: string;
}): S.Refund {
  return {
    id: newId("re"),
    object: "refund",
    amount: args.amount,
    balance_transaction: args.balanceTransaction,
    charge: args.charge.id,
    created: nowSeconds(),
    currency: args.charge.currency,
    customer: typeof args.charge.customer === "string" ? args.charge.customer : null,
    customer_account: null,
    destination_details: {
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
      type: "card",
    },
    metadata: args.metadata,
    payment_intent: typeof args.charge.payment_intent === "string" ? args.charge.payment_intent : null,
    payment_method: args.charge.payment_method,
    reason: args.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}
