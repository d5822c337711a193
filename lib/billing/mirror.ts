import "server-only";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import {
  billingCustomers,
  billingInvoices,
  billingPrices,
  billingSubscriptions,
  billingTransactions,
  stores,
  type BillingSubscription,
} from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Executor } from "@/lib/db";

/*
 * Writes the platform account's objects into the mirror, each exactly as Stripe holds it.
 * Callers pass an object fetched from Stripe just now (a webhook re-reads it; the Sync job
 * lists them), so the order events arrive in never matters: the newest read wins. Every
 * function takes the caller's executor, so a webhook's writes share its transaction.
 */

/** The metadata key that names the store on a platform customer, subscription or Checkout Session. */
export const STORE_METADATA_KEY = "storehost_store_id";

const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);
const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === "string" ? value : (value?.id ?? null);

/** The store a customer belongs to: our own link first, then the id our code wrote into Stripe's metadata. */
export async function storeIdForCustomer(
  executor: Executor,
  customerId: string | null,
  metadata?: Stripe.Metadata | null,
): Promise<string | null> {
  if (customerId) {
    const [linked] = await executor
      .select({ storeId: billingCustomers.storeId })
      .from(billingCustomers)
      .where(eq(billingCustomers.stripeCustomerId, customerId))
      .limit(1);
    if (linked?.storeId) return linked.storeId;
  }
  return existingStoreId(executor, metadata?.[STORE_METADATA_KEY]);
}

/** The id if it names a store we have (metadata is Stripe's copy, and stores can be deleted). */
async function existingStoreId(executor: Executor, candidate: string | undefined): Promise<string | null> {
  if (!candidate || !z.uuid().safeParse(candidate).success) return null;
  const [store] = await executor.select({ id: stores.id }).from(stores).where(eq(stores.id, candidate)).limit(1);
  return store?.id ?? null;
}

export async function upsertCustomer(executor: Executor, customer: Stripe.Customer, storeId?: string | null) {
  const linkedStore = storeId ?? (await existingStoreId(executor, customer.metadata?.[STORE_METADATA_KEY]));
  const values = { stripeCustomerId: customer.id, email: customer.email ?? null, updatedAt: new Date() };
  await executor
    .insert(billingCustomers)
    .values({ ...values, storeId: linkedStore })
    .onConflictDoUpdate({
      target: billingCustomers.stripeCustomerId,
      // Never unlinks: a customer keeps the store it was created for.
      set: { ...values, storeId: sql`coalesce(${billingCustomers.storeId}, excluded.store_id)` },
    });
}

export async function upsertPrice(price: Stripe.Price, productName?: string | null, executor?: Executor) {
  const values = {
    stripePriceId: price.id,
    stripeProductId: idOf(price.product) ?? "",
    productName:
      productName ?? (typeof price.product === "object" && !price.product.deleted ? price.product.name : null),
    lookupKey: price.lookup_key ?? null,
    unitAmount: price.unit_amount ?? null,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
    active: price.active,
    updatedAt: new Date(),
  };
  const write = async (db: Executor) =>
    db.insert(billingPrices).values(values).onConflictDoUpdate({ target: billingPrices.stripePriceId, set: values });
  if (executor) return write(executor);
  const db = await getDb();
  await asPlatform(() => write(db));
}

/** Stripe's statuses in which the store owes money it has not paid. */
const UNPAID_STATUSES = new Set(["past_due", "unpaid"]);

/**
 * Mirrors a subscription. `pastDueSince` starts the first time it is seen unpaid and is
 * kept until it is paid again: the grace period counts from there, whatever Stripe retries.
 */
export async function upsertSubscription(
  executor: Executor,
  subscription: Stripe.Subscription,
  now = new Date(),
): Promise<{ before: BillingSubscription | null; after: BillingSubscription }> {
  const customerId = idOf(subscription.customer) ?? "";
  const storeId = await storeIdForCustomer(executor, customerId, subscription.metadata);
  const [before] = await executor
    .select()
    .from(billingSubscriptions)
    .where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id))
    .limit(1);
  const item = subscription.items.data[0];
  const unpaid = UNPAID_STATUSES.has(subscription.status);
  const values = {
    storeId: storeId ?? before?.storeId ?? null,
    stripeCustomerId: customerId,
    status: subscription.status,
    stripePriceId: item?.price.id ?? null,
    currentPeriodStart: at(item?.current_period_start),
    currentPeriodEnd: at(item?.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: at(subscription.canceled_at),
    endedAt: at(subscription.ended_at),
    trialEnd: at(subscription.trial_end),
    pastDueSince: unpaid ? (before?.pastDueSince ?? now) : null,
    createdAt: at(subscription.created) ?? now,
    syncedAt: now,
  };
  const [after] = await executor
    .insert(billingSubscriptions)
    .values({ stripeSubscriptionId: subscription.id, ...values })
    .onConflictDoUpdate({ target: billingSubscriptions.stripeSubscriptionId, set: values })
    .returning();
  if (!after) throw new Error("billing subscription upsert returned no row");
  if (item) await upsertPrice(item.price, null, executor);
  return { before: before ?? null, after };
}

/** The subscription an invoice bills, in the API's current shape (`parent.subscription_details`). */
export function subscriptionIdOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

export async function upsertInvoice(executor: Executor, invoice: Stripe.Invoice, now = new Date()) {
  const customerId = idOf(invoice.customer) ?? "";
  const values = {
    storeId: await storeIdForCustomer(executor, customerId, invoice.parent?.subscription_details?.metadata),
    stripeCustomerId: customerId,
    stripeSubscriptionId: subscriptionIdOfInvoice(invoice),
    status: invoice.status ?? "draft",
    number: invoice.number ?? null,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt: at(invoice.next_payment_attempt),
    createdAt: at(invoice.created) ?? now,
    syncedAt: now,
  };
  const [row] = await executor
    .insert(billingInvoices)
    .values({ stripeInvoiceId: invoice.id ?? "", ...values })
    .onConflictDoUpdate({ target: billingInvoices.stripeInvoiceId, set: values })
    .returning();
  return row;
}

export async function upsertTransaction(executor: Executor, intent: Stripe.PaymentIntent, now = new Date()) {
  const customerId = idOf(intent.customer);
  const values = {
    storeId: await storeIdForCustomer(executor, customerId, intent.metadata),
    stripeCustomerId: customerId,
    amount: intent.amount,
    currency: intent.currency,
    status: intent.status,
    errorMessage: intent.last_payment_error?.message ?? null,
    createdAt: at(intent.created) ?? now,
    syncedAt: now,
  };
  const [row] = await executor
    .insert(billingTransactions)
    .values({ stripePaymentIntentId: intent.id, ...values })
    .onConflictDoUpdate({ target: billingTransactions.stripePaymentIntentId, set: values })
    .returning();
  return row;
}
