import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingCustomers, billingInvoices, billingSubscriptions, stores } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import {
  createSandboxPlatform,
  currentPlatformKeys,
  hostingPrice,
  renewOnSandbox,
  setPlatformKeys,
  subscribedStore,
  type SandboxPlatform,
} from "@/test/billing-platform";
import { storeBillingStanding } from "./standing";
import { syncBillingFromStripe } from "./sync";

/*
 * Sync from Stripe repairs a mirror that webhooks left behind: here no webhook is ever
 * delivered, so everything the store's billing shows comes from the listing.
 */

const saved = currentPlatformKeys();
let platform: SandboxPlatform;

beforeAll(async () => {
  platform = await createSandboxPlatform();
});
afterAll(() => setPlatformKeys(saved));

describe("Sync from Stripe", () => {
  it("mirrors subscriptions and invoices no webhook delivered, and applies the store's billing hold", async () => {
    const price = await hostingPrice(platform.stripe);
    const { store, subscription } = await subscribedStore(price);
    await renewOnSandbox(subscription.id, "fail");
    const db = await getDb();
    const mirrored = () =>
      asPlatform(() =>
        db.select().from(billingSubscriptions).where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id)),
      );
    expect(await mirrored()).toEqual([]);

    const report = await syncBillingFromStripe();
    expect(report.subscriptions).toBeGreaterThanOrEqual(1);
    const [row] = await mirrored();
    expect(row).toMatchObject({ storeId: store.id, status: "past_due", stripePriceId: price.id });
    const invoices = await asPlatform(() =>
      db.select().from(billingInvoices).where(eq(billingInvoices.stripeSubscriptionId, subscription.id)),
    );
    expect(invoices.map((i) => i.status).sort()).toEqual(["open", "paid"]);
    expect((await storeBillingStanding(store)).kind).toBe("past_due");

    // Drift the other way: the mirror says active while Stripe says past due; a second sync repairs it.
    await asPlatform(() =>
      db
        .update(billingSubscriptions)
        .set({ status: "active", pastDueSince: null })
        .where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id)),
    );
    await syncBillingFromStripe();
    expect((await mirrored())[0]?.status).toBe("past_due");

    // Its customer stays linked to the store, and the store is not held inside the grace period.
    const [customer] = await asPlatform(() =>
      db.select().from(billingCustomers).where(eq(billingCustomers.storeId, store.id)),
    );
    expect(customer?.stripeCustomerId).toBe(subscription.customer);
    const [held] = await db.select({ since: stores.billingHoldSince }).from(stores).where(eq(stores.id, store.id));
    expect(held?.since).toBeNull();
  });
});
