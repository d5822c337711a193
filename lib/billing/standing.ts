import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, lt, not, notInArray, or, sql, type SQL } from "drizzle-orm";
import { billingSubscriptions, stores, type BillingSubscription, type Store } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Executor } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { planOfLookupKey, TRIAL_DAYS } from "./plans";
import { platformBilling } from "./platform-stripe";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a store stands with the platform's billing, from the mirror alone (never Stripe):
 * what the billing page, the admin banner, the staff console and the storefront's
 * billing hold all read. `hold` is set when the storefront must stop selling.
 */
export type BillingStanding =
  | { kind: "off"; hold: null; reason: string }
  | { kind: "trial"; hold: null; trialEndsAt: Date }
  | { kind: "trial_ended"; hold: "trial_ended"; trialEndedAt: Date }
  | { kind: "active"; hold: null; subscription: BillingSubscription }
  | { kind: "past_due"; hold: null; subscription: BillingSubscription; suspendsAt: Date }
  | { kind: "past_due_suspended"; hold: "past_due"; subscription: BillingSubscription; suspendedAt: Date }
  | { kind: "canceled"; hold: "canceled"; subscription: BillingSubscription };

export type HoldReason = NonNullable<BillingStanding["hold"]>;

export const HOLD_REASON_TEXT: Record<HoldReason, string> = {
  trial_ended: "The free trial ended without a plan. Choose a plan to open the storefront again.",
  past_due:
    "The hosting invoice is unpaid past the grace period. Pay it or update the card to open the storefront again.",
  canceled: "The hosting plan was canceled. Choose a plan to open the storefront again.",
};

/** Subscriptions that never started (Checkout abandoned, first payment never made) do not count. */
const NEVER_STARTED = ["incomplete", "incomplete_expired"];

export function billingStanding(
  store: Pick<Store, "createdAt">,
  subscription: BillingSubscription | null,
  now = new Date(),
): BillingStanding {
  const billing = platformBilling();
  if (!billing.enabled) return { kind: "off", hold: null, reason: billing.reason };
  if (!subscription) {
    const trialEndsAt = new Date(store.createdAt.getTime() + TRIAL_DAYS * DAY_MS);
    return trialEndsAt > now
      ? { kind: "trial", hold: null, trialEndsAt }
      : { kind: "trial_ended", hold: "trial_ended", trialEndedAt: trialEndsAt };
  }
  if (subscription.status === "past_due" || subscription.status === "unpaid") {
    const since = subscription.pastDueSince ?? subscription.syncedAt;
    const suspendsAt = new Date(since.getTime() + env.BILLING_GRACE_DAYS * DAY_MS);
    return suspendsAt > now
      ? { kind: "past_due", hold: null, subscription, suspendsAt }
      : { kind: "past_due_suspended", hold: "past_due", subscription, suspendedAt: suspendsAt };
  }
  if (subscription.status === "canceled" || subscription.status === "paused") {
    return { kind: "canceled", hold: "canceled", subscription };
  }
  return { kind: "active", hold: null, subscription };
}

/** The subscription that decides a store's standing: its newest one that ever started. */
export async function currentSubscription(executor: Executor, storeId: string): Promise<BillingSubscription | null> {
  const [subscription] = await executor
    .select()
    .from(billingSubscriptions)
    .where(and(eq(billingSubscriptions.storeId, storeId), notInArray(billingSubscriptions.status, NEVER_STARTED)))
    .orderBy(desc(billingSubscriptions.createdAt))
    .limit(1);
  return subscription ?? null;
}

/** `currentSubscription` for several stores at once (a page of the staff directory). */
export async function currentSubscriptions(
  executor: Executor,
  storeIds: string[],
): Promise<Map<string, BillingSubscription>> {
  const byStore = new Map<string, BillingSubscription>();
  if (storeIds.length === 0) return byStore;
  const rows = await executor
    .select()
    .from(billingSubscriptions)
    .where(and(inArray(billingSubscriptions.storeId, storeIds), notInArray(billingSubscriptions.status, NEVER_STARTED)))
    .orderBy(desc(billingSubscriptions.createdAt));
  for (const row of rows) if (row.storeId && !byStore.has(row.storeId)) byStore.set(row.storeId, row);
  return byStore;
}

export async function storeBillingStanding(store: Pick<Store, "id" | "createdAt">, now = new Date()) {
  const db = await getDb();
  const subscription = await asPlatform(() => currentSubscription(db, store.id));
  return billingStanding(store, subscription, now);
}

/** The plan name of a subscription's price ("Pro, monthly"), or null for a price that is not a plan. */
export function planLabel(lookupKey: string | null | undefined): string | null {
  const plan = planOfLookupKey(lookupKey);
  return plan ? `${plan.plan.name}, ${plan.interval === "month" ? "monthly" : "yearly"}` : null;
}

/**
 * Sets or clears the store's billing hold to match its standing, on the caller's
 * transaction (a webhook's, so paying reactivates within that one delivery).
 */
export async function applyBillingHold(
  executor: Executor,
  storeId: string,
  now = new Date(),
): Promise<HoldReason | null> {
  const [store] = await executor
    .select({
      id: stores.id,
      createdAt: stores.createdAt,
      holdSince: stores.billingHoldSince,
      holdReason: stores.billingHoldReason,
    })
    .from(stores)
    .where(eq(stores.id, storeId))
    .limit(1);
  if (!store) return null;
  const standing = billingStanding(store, await currentSubscription(executor, storeId), now);
  if (standing.hold === store.holdReason) return standing.hold;
  await executor
    .update(stores)
    .set({
      billingHoldSince: standing.hold ? (store.holdSince ?? now) : null,
      billingHoldReason: standing.hold,
    })
    .where(eq(stores.id, storeId));
  log.info({ storeId, hold: standing.hold }, standing.hold ? "store suspended for billing" : "billing hold lifted");
  return standing.hold;
}

/**
 * The time-driven half of dunning (a grace period or a trial running out), run by the
 * background job: every store whose hold may have to change. With billing off it lifts
 * any hold left from when it was on, so turning billing off never keeps a store closed.
 */
export async function applyAllBillingHolds(now = new Date()): Promise<{ checked: number; held: number }> {
  const db = await getDb();
  return asPlatform(async () => {
    const billingOn = platformBilling().enabled;
    const trialEnded = new Date(now.getTime() - TRIAL_DAYS * DAY_MS);
    const graceEnded = new Date(now.getTime() - env.BILLING_GRACE_DAYS * DAY_MS);
    const subscriptions = (condition: SQL) =>
      sql`exists (select 1 from ${billingSubscriptions} s where s.store_id = ${stores.id} and ${condition})`;
    // Only stores a clock can move: webhooks apply every other change as it happens.
    const candidates = await db
      .select({ id: stores.id })
      .from(stores)
      .where(
        billingOn
          ? and(
              isNull(stores.billingHoldSince),
              or(
                and(lt(stores.createdAt, trialEnded), not(subscriptions(sql`s.status not in ${NEVER_STARTED}`))),
                subscriptions(sql`s.status in ('past_due', 'unpaid') and s.past_due_since < ${graceEnded}`),
              ),
            )
          : isNotNull(stores.billingHoldSince),
      );
    let held = 0;
    for (const { id } of candidates) {
      if (await db.transaction((tx) => applyBillingHold(tx, id, now))) held++;
    }
    return { checked: candidates.length, held };
  });
}
