import type { JsonObject } from "./json";
import type * as S from "./stripe-types";

/** Everything the sandbox knows, as saved in the data file. */
export type Mode = "test" | "live";

export interface KeyPair {
  publishable: string;
  secret: string;
}

export interface SandboxAccount {
  id: string;
  name: string;
  created: number;
  keys: Record<Mode, KeyPair>;
}

export interface SandboxEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: JsonObject; previous_attributes?: JsonObject };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Stripe shows the signing secret only on create; the sandbox keeps it beside the endpoint. */
export interface StoredWebhookEndpoint {
  endpoint: S.WebhookEndpoint;
  secret: string;
}

/** One POST to one endpoint, as Developers → Webhooks → attempts shows it. */
export interface DeliveryAttempt {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  endpoint_url: string;
  attempt: number;
  /** Unix milliseconds when the request started. */
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  /** Why the attempt failed when there was no 2xx: timeout, connection error, redirect. */
  error: string | null;
  response_excerpt: string;
  succeeded: boolean;
  /** Unix milliseconds of the scheduled retry, or null when none follows. */
  next_retry_at: number | null;
  /** true for a manual resend from the dashboard or the `events/:id/retry` endpoint. */
  manual: boolean;
}

export interface PendingDelivery {
  event_id: string;
  endpoint_id: string;
  attempt: number;
  due_at: number;
}

export interface IdempotentResponse {
  method: string;
  path: string;
  params_hash: string;
  status: number;
  body: string;
  created: number;
}

/**
 * What a Checkout Session remembers from `payment_intent_data` / `subscription_data`
 * at creation, to apply when the shopper pays.
 */
export interface CheckoutSessionExtras {
  paymentIntentData: {
    description: string | null;
    metadata: Record<string, string>;
    receiptEmail: string | null;
    setupFutureUsage: "on_session" | "off_session" | null;
    shipping: S.PaymentIntent["shipping"];
    captureMethod: "automatic" | "manual";
  };
  subscriptionData: { metadata: Record<string, string>; trialPeriodDays: number | null; description: string | null };
}

/** Facts Stripe keeps but never shows, e.g. which test card a PaymentMethod was made from. */
export interface HiddenFacts {
  testCardOf: Record<string, string>;
  /** Account number behind a `us_bank_account` PaymentMethod (decides how it settles). */
  bankAccountOf: Record<string, string>;
  /** PaymentIntents that pay an invoice, so their success settles it. */
  invoiceOfIntent: Record<string, string>;
  /** PaymentIntents created by a Checkout Session. */
  sessionOfIntent: Record<string, string>;
  checkoutExtras: Record<string, CheckoutSessionExtras>;
}

/** All data of one account in one mode: test and live never see each other's objects. */
export interface Ledger {
  account: string;
  mode: Mode;
  customers: Record<string, S.Customer>;
  products: Record<string, S.Product>;
  prices: Record<string, S.Price>;
  paymentMethods: Record<string, S.PaymentMethod>;
  paymentIntents: Record<string, S.PaymentIntent>;
  charges: Record<string, S.Charge>;
  refunds: Record<string, S.Refund>;
  balanceTransactions: Record<string, S.BalanceTransaction>;
  checkoutSessions: Record<string, S.CheckoutSession>;
  checkoutLineItems: Record<string, S.LineItem[]>;
  subscriptions: Record<string, S.Subscription>;
  invoices: Record<string, S.Invoice>;
  invoicePayments: Record<string, S.InvoicePayment>;
  invoiceItems: Record<string, S.InvoiceItem>;
  portalSessions: Record<string, S.PortalSession>;
  webhookEndpoints: Record<string, StoredWebhookEndpoint>;
  events: Record<string, SandboxEvent>;
  deliveries: DeliveryAttempt[];
  pendingDeliveries: PendingDelivery[];
  idempotency: Record<string, IdempotentResponse>;
  hidden: HiddenFacts;
  /** `stripe listen` signing secret; Stripe keeps one per account and mode, made on first use. */
  cliSecret: string | null;
}

export interface SandboxState {
  version: 1;
  accounts: SandboxAccount[];
  /** Keyed `${accountId}:${mode}`. */
  ledgers: Record<string, Ledger>;
}

export function emptyLedger(account: string, mode: Mode): Ledger {
  return {
    account,
    mode,
    customers: {},
    products: {},
    prices: {},
    paymentMethods: {},
    paymentIntents: {},
    charges: {},
    refunds: {},
    balanceTransactions: {},
    checkoutSessions: {},
    checkoutLineItems: {},
    subscriptions: {},
    invoices: {},
    invoicePayments: {},
    invoiceItems: {},
    portalSessions: {},
    webhookEndpoints: {},
    events: {},
    deliveries: [],
    pendingDeliveries: [],
    idempotency: {},
    hidden: { testCardOf: {}, bankAccountOf: {}, invoiceOfIntent: {}, sessionOfIntent: {}, checkoutExtras: {} },
    cliSecret: null,
  };
}
