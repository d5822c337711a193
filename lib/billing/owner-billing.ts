import "server-only";
import { and, desc, eq } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import {
  billingCustomers,
  billingInvoices,
  billingPrices,
  storeMemberships,
  stores,
  type BillingInvoice,
  type Store,
  type User,
} from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeStripeError } from "@/lib/stripe/client";
import { platformUrl } from "@/lib/tenancy/stores";
import { STORE_METADATA_KEY, upsertCustomer } from "./mirror";
import { lookupKeyOf, PLANS, type PlanInterval, type PlanKey } from "./plans";
import { requirePlatformBilling } from "./platform-stripe";
import { storeBillingStanding, type BillingStanding } from "./standing";

/*
 * The owner's billing page (root domain, /billing/<store id>): the store's plan and
 * invoices from the mirror, and the two ways to Stripe: Checkout to choose a plan, the
 * Customer Portal to manage it. Only the store's owners may see or change its billing.
 */

const PLAN_KEYS = PLANS.map((p) => p.key) as [PlanKey, ...PlanKey[]];

export const choosePlanInput = z.object({
  storeId: z.uuid(),
  plan: z.enum(PLAN_KEYS),
  interval: z.enum(["month", "year"]),
});
export const manageBillingInput = z.object({ storeId: z.uuid() });

/** The store, if `user` is one of its owners; otherwise a 404 that says nothing about it. */
export async function requireStoreOwner(user: Pick<User, "id">, storeId: string): Promise<Store> {
  if (!z.uuid().safeParse(storeId).success) throw noSuchStore();
  const db = await getDb();
  const [row] = await asPlatform(() =>
    db
      .select({ store: stores })
      .from(storeMemberships)
      .innerJoin(stores, eq(stores.id, storeMemberships.storeId))
      .where(
        and(
          eq(storeMemberships.storeId, storeId),
          eq(storeMemberships.userId, user.id),
          eq(storeMemberships.role, "owner"),
        ),
      )
      .limit(1),
  );
  if (!row) throw noSuchStore();
  return row.store;
}

const noSuchStore = () => new AppError("store_not_found", "No store of yours has this address.", 404);

export type StoreBilling = {
  store: Store;
  standing: BillingStanding;
  invoices: BillingInvoice[];
  hasCustomer: boolean;
  /** The plans' prices as the mirror holds them (after `npm run billing:sync-plans`), by lookup key. */
  prices: Record<string, { amount: number | null; currency: string } | undefined>;
  /** The lookup key of the current subscription's price, which names its plan. */
  currentLookupKey: string | null;
};

export async function loadStoreBilling(user: Pick<User, "id">, storeId: string): Promise<StoreBilling> {
  const store = await requireStoreOwner(user, storeId);
  const db = await getDb();
  const [standing, invoices, customer, prices] = await Promise.all([
    storeBillingStanding(store),
    asPlatform(() =>
      db
        .select()
        .from(billingInvoices)
        .where(eq(billingInvoices.storeId, store.id))
        .orderBy(desc(billingInvoices.createdAt))
        .limit(24),
    ),
    asPlatform(() => db.select().from(billingCustomers).where(eq(billingCustomers.storeId, store.id)).limit(1)),
    asPlatform(() => db.select().from(billingPrices)),
  ]);
  const subscriptionPrice = "subscription" in standing ? standing.subscription.stripePriceId : null;
  return {
    store,
    standing,
    invoices,
    hasCustomer: customer.length > 0,
    prices: Object.fromEntries(
      prices.flatMap((p) =>
        p.lookupKey && p.active ? [[p.lookupKey, { amount: p.unitAmount, currency: p.currency }]] : [],
      ),
    ),
    currentLookupKey: prices.find((p) => p.stripePriceId === subscriptionPrice)?.lookupKey ?? null,
  };
}

/** Starts Stripe Checkout in subscription mode for one plan; returns the hosted page's URL. */
export async function startPlanCheckout(user: Pick<User, "id" | "email">, raw: z.input<typeof choosePlanInput>) {
  const input = choosePlanInput.parse(raw);
  const { stripe } = requirePlatformBilling();
  const store = await requireStoreOwner(user, input.storeId);
  const standing = await storeBillingStanding(store);
  if (standing.kind === "active" || standing.kind === "past_due" || standing.kind === "past_due_suspended") {
    throw new AppError(
      "already_subscribed",
      "This store already has a plan. Use Manage billing to change it, pay an invoice or cancel.",
      409,
    );
  }
  try {
    const price = await activePrice(stripe, input.plan, input.interval);
    const customerId = await ensureCustomer(stripe, store, user.email);
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      line_items: [{ price, quantity: 1 }],
      client_reference_id: store.id,
      metadata: { [STORE_METADATA_KEY]: store.id },
      subscription_data: { metadata: { [STORE_METADATA_KEY]: store.id } },
      success_url: platformUrl(`/billing/${store.id}?checkout=success`),
      cancel_url: platformUrl(`/billing/${store.id}?checkout=canceled`),
    });
    if (!session.url) throw new AppError("checkout_unavailable", "Stripe did not return a Checkout page.", 502);
    return { url: session.url };
  } catch (error) {
    throw stripeProblem(error);
  }
}

/** Opens the Stripe Customer Portal (card, plan change, cancel, invoices); returns its URL. */
export async function openBillingPortal(user: Pick<User, "id">, raw: z.input<typeof manageBillingInput>) {
  const input = manageBillingInput.parse(raw);
  const { stripe } = requirePlatformBilling();
  const store = await requireStoreOwner(user, input.storeId);
  const db = await getDb();
  const [customer] = await asPlatform(() =>
    db.select().from(billingCustomers).where(eq(billingCustomers.storeId, store.id)).limit(1),
  );
  if (!customer) {
    throw new AppError("no_customer", "This store has no billing account yet. Choose a plan first.", 409);
  }
  try {
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.stripeCustomerId,
      // The page looks again for a few seconds on return, until the portal's webhooks land.
      return_url: platformUrl(`/billing/${store.id}?portal=returned`),
    });
    return { url: session.url };
  } catch (error) {
    throw stripeProblem(error);
  }
}

/**
 * The plan's price, asked of Stripe by lookup key when the owner chooses it (an action, not
 * a page view): the mirror may still hold prices of keys the platform used before.
 */
async function activePrice(stripe: Stripe, plan: PlanKey, interval: PlanInterval): Promise<string> {
  const prices = await stripe.prices.list({ lookup_keys: [lookupKeyOf(plan, interval)], active: true, limit: 1 });
  const price = prices.data[0];
  if (!price) {
    throw new AppError(
      "plans_not_synced",
      "The plans are not set up on the platform's Stripe account yet (npm run billing:sync-plans).",
      503,
    );
  }
  return price.id;
}

/**
 * The store's one customer on the platform account, created on first use. A linked customer
 * Stripe no longer knows (deleted, or the platform moved to other keys) is replaced.
 */
async function ensureCustomer(stripe: Stripe, store: Store, email: string): Promise<string> {
  const db = await getDb();
  const [existing] = await asPlatform(() =>
    db.select().from(billingCustomers).where(eq(billingCustomers.storeId, store.id)).limit(1),
  );
  if (existing) {
    const current = await stripe.customers.retrieve(existing.stripeCustomerId).catch((error: unknown) => {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return null;
      throw error;
    });
    if (current && !current.deleted) return current.id;
    await asPlatform(() =>
      db
        .update(billingCustomers)
        .set({ storeId: null })
        .where(eq(billingCustomers.stripeCustomerId, existing.stripeCustomerId)),
    );
  }
  // The idempotency key makes a double click (or two tabs) create one customer, not two.
  const customer = await stripe.customers.create(
    { email, name: store.name, metadata: { [STORE_METADATA_KEY]: store.id } },
    { idempotencyKey: `storehost-customer-${store.id}-${existing?.stripeCustomerId ?? "first"}` },
  );
  await asPlatform(() => upsertCustomer(db, customer, store.id));
  return customer.id;
}

function stripeProblem(error: unknown): unknown {
  if (error instanceof AppError) return error;
  return new AppError("stripe_error", describeStripeError(error), 502);
}
