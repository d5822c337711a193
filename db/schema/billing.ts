import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id } from "./columns";
import { stores } from "./stores";

/*
 * The platform's own Stripe account, mirrored (seed 001, dj-stripe style): what the app
 * reads about hosting plans, customers, subscriptions, invoices and payments. Pages read
 * these rows, never Stripe; webhooks and the Sync job write them, each from the object as
 * Stripe holds it now. Stripe ids are the keys. A row whose customer is not one of our
 * stores (a CLI trigger's, say) is still mirrored, with no store.
 */

/** Every store's one billing customer on the platform account. */
export const billingCustomers = pgTable(
  "billing_customers",
  {
    stripeCustomerId: text("stripe_customer_id").primaryKey(),
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "set null" }),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("billing_customers_store_key").on(t.storeId)],
);

export const billingPrices = pgTable(
  "billing_prices",
  {
    stripePriceId: text("stripe_price_id").primaryKey(),
    stripeProductId: text("stripe_product_id").notNull(),
    productName: text("product_name"),
    lookupKey: text("lookup_key"),
    unitAmount: integer("unit_amount"),
    currency: text("currency").notNull(),
    interval: text("interval"),
    active: boolean("active").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("billing_prices_lookup_key_idx").on(t.lookupKey)],
);

export const billingSubscriptions = pgTable(
  "billing_subscriptions",
  {
    stripeSubscriptionId: text("stripe_subscription_id").primaryKey(),
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "set null" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    /** Stripe's status as it is: trialing, active, past_due, canceled, unpaid, incomplete, … */
    status: text("status").notNull(),
    stripePriceId: text("stripe_price_id"),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    canceledAt: timestamp("canceled_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    /** When the subscription last became past due here; cleared when it is paid. Dunning counts from it. */
    pastDueSince: timestamp("past_due_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("billing_subscriptions_store_idx").on(t.storeId, t.createdAt),
    index("billing_subscriptions_customer_idx").on(t.stripeCustomerId),
  ],
);

export const billingInvoices = pgTable(
  "billing_invoices",
  {
    stripeInvoiceId: text("stripe_invoice_id").primaryKey(),
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "set null" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id"),
    /** draft, open, paid, uncollectible, void */
    status: text("status").notNull(),
    number: text("number"),
    amountDue: integer("amount_due").notNull(),
    amountPaid: integer("amount_paid").notNull(),
    currency: text("currency").notNull(),
    hostedInvoiceUrl: text("hosted_invoice_url"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextPaymentAttempt: timestamp("next_payment_attempt", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("billing_invoices_store_created_idx").on(t.storeId, t.createdAt),
    index("billing_invoices_subscription_idx").on(t.stripeSubscriptionId),
  ],
);

/** PaymentIntents on the platform account: what was charged, and Stripe's words when it failed. */
export const billingTransactions = pgTable(
  "billing_transactions",
  {
    stripePaymentIntentId: text("stripe_payment_intent_id").primaryKey(),
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "set null" }),
    stripeCustomerId: text("stripe_customer_id"),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull(),
    errorMessage: text("error_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("billing_transactions_store_idx").on(t.storeId)],
);

export const billingEventStatus = pgEnum("billing_event_status", ["processed", "ignored"]);

/** Each verified event of the platform account, stored once, in the transaction that applied it. */
export const billingEvents = pgTable(
  "billing_events",
  {
    stripeEventId: text("stripe_event_id").primaryKey(),
    type: text("type").notNull(),
    livemode: boolean("livemode").notNull(),
    status: billingEventStatus("status").notNull(),
    /** What processing did, in the words of the log line. */
    summary: text("summary").notNull(),
    payload: jsonb("payload").notNull(),
    stripeCreatedAt: timestamp("stripe_created_at", { withTimezone: true }).notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("billing_events_processed_idx").on(t.processedAt)],
);

/**
 * Deliveries to /api/billing/webhooks/stripe/ that did not apply: refused (bad signature,
 * another mode) or failed while processing. One row per hour and diagnosis with a count,
 * since anyone can post there; the staff console shows them.
 */
export const billingWebhookProblems = pgTable(
  "billing_webhook_problems",
  {
    id: id(),
    hourStart: timestamp("hour_start", { withTimezone: true }).notNull(),
    diagnosisCode: text("diagnosis_code").notNull(),
    diagnosis: text("diagnosis").notNull(),
    count: integer("count").notNull().default(0),
    lastEventType: text("last_event_type"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("billing_webhook_problems_hour_code_key").on(t.hourStart, t.diagnosisCode)],
);

export type BillingCustomer = typeof billingCustomers.$inferSelect;
export type BillingPrice = typeof billingPrices.$inferSelect;
export type BillingSubscription = typeof billingSubscriptions.$inferSelect;
export type BillingInvoice = typeof billingInvoices.$inferSelect;
export type BillingTransaction = typeof billingTransactions.$inferSelect;
export type BillingEvent = typeof billingEvents.$inferSelect;
