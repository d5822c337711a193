import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { downloadGrants, orders, stores, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { storefrontClosed } from "@/lib/tenancy/request-store";
import {
  createSandboxPlatform,
  currentPlatformKeys,
  deliver,
  hostingPrice,
  latestEvent,
  renewOnSandbox,
  setPlatformKeys,
  subscribedStore,
  type SandboxPlatform,
} from "@/test/billing-platform";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount } from "@/test/sandbox-account";
import { deliverSandboxEvent, payOrderOnSandbox } from "@/test/sandbox-payments";
import { testSecret } from "@/test/stripe-events";
import { TRIAL_DAYS } from "./plans";
import { applyAllBillingHolds, storeBillingStanding } from "./standing";

/*
 * Dunning, driven by the sandbox's renewal control: a declined renewal makes the store past
 * due, the grace period running out suspends it for billing (the job, with its clock moved
 * on), and paying the invoice reopens it within one webhook. Canceled plans and ended
 * trials are held too; with billing off nothing is.
 *
 * The clock is only ever moved forward by the grace period, never past the trial: on a
 * Postgres database shared with other test files, the job sees every store, and stores
 * younger than the trial must not be held because of this file. Old stores are made old.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const saved = currentPlatformKeys();
let platform: SandboxPlatform;
let stripe: Stripe;
let price: Stripe.Price;

beforeAll(async () => {
  await getDb();
  platform = await createSandboxPlatform();
  stripe = platform.stripe;
  price = await hostingPrice(stripe);
});
afterEach(() => setPlatformKeys(platform.keys));
afterAll(() => setPlatformKeys(saved));

/** Delivers the platform's newest event of `type` about the object, signed as Stripe would; expects 200. */
async function deliverLatest(type: Stripe.Event.Type, objectId: string): Promise<Stripe.Event> {
  const event = await latestEvent(type, objectId);
  expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: false } });
  return event;
}

/** A new store with an active subscription, mirrored through its customer.subscription.created. */
async function activeStore() {
  const subscribed = await subscribedStore(price);
  await deliverLatest("customer.subscription.created", subscribed.subscription.id);
  return subscribed;
}

async function storeRow(store: Pick<Store, "id">): Promise<Store> {
  const db = await getDb();
  const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
  if (!row) throw new Error("no store");
  return row;
}

/** Makes the store as old as `days`, as if it had signed up then. */
async function ageStore(store: Pick<Store, "id">, days: number): Promise<Store> {
  const db = await getDb();
  await db
    .update(stores)
    .set({ createdAt: new Date(Date.now() - days * DAY_MS) })
    .where(eq(stores.id, store.id));
  return storeRow(store);
}

const suspended = { code: "store_suspended", status: 503 };

describe("a failed renewal", () => {
  it("is past due, suspends the store after the grace period, and paying the invoice reopens it in one webhook", async () => {
    const { store, subscription } = await activeStore();
    const { invoice } = await renewOnSandbox(subscription.id, "fail");
    if (!invoice?.id) throw new Error("the renewal made no invoice");
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");

    const failed = await deliverLatest("invoice.payment_failed", invoice.id);
    const delivered = Date.now();
    const standing = await storeBillingStanding(store);
    expect(standing).toMatchObject({ kind: "past_due", hold: null });
    if (standing.kind !== "past_due") return;
    // The grace period counts from the first failure (as far as the platform can know it: its delivery).
    const firstFailure = standing.suspendsAt.getTime() - env.BILLING_GRACE_DAYS * DAY_MS;
    expect(firstFailure).toBeGreaterThanOrEqual(failed.created * 1000);
    expect(firstFailure).toBeLessThanOrEqual(delivered);
    expect(standing.subscription.pastDueSince?.getTime()).toBe(firstFailure);
    expect(storefrontClosed(await storeRow(store))).toBeNull();

    // A minute before the grace period ends, the store still sells.
    await applyAllBillingHolds(new Date(standing.suspendsAt.getTime() - MINUTE_MS));
    expect(await storeRow(store)).toMatchObject({ billingHoldSince: null, billingHoldReason: null });

    const afterGrace = new Date(firstFailure + env.BILLING_GRACE_DAYS * DAY_MS + MINUTE_MS);
    await applyAllBillingHolds(afterGrace);
    const held = await storeRow(store);
    expect(held).toMatchObject({ billingHoldSince: afterGrace, billingHoldReason: "past_due" });
    expect(storefrontClosed(held)).toMatchObject(suspended);
    expect(await storeBillingStanding(store, afterGrace)).toMatchObject({
      kind: "past_due_suspended",
      hold: "past_due",
    });

    // The owner pays the open invoice with a good card; only its payment_succeeded is delivered.
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("paid");
    await deliverLatest("invoice.payment_succeeded", invoice.id);
    const reopened = await storeRow(store);
    expect(reopened).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
    expect(storefrontClosed(reopened)).toBeNull();
    expect(await storeBillingStanding(store)).toMatchObject({ kind: "active", hold: null });
  });
});

describe("a canceled subscription", () => {
  it("keeps the store selling until the period ends, then holds it as canceled", async () => {
    const { store, subscription } = await activeStore();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await deliverLatest("customer.subscription.updated", subscription.id);
    expect(await storeBillingStanding(store)).toMatchObject({ kind: "active", hold: null });
    expect(await storeRow(store)).toMatchObject({ billingHoldSince: null });

    // The period ends: Stripe deletes the subscription.
    expect(await renewOnSandbox(subscription.id, "succeed")).toMatchObject({ invoice: null });
    await deliverLatest("customer.subscription.deleted", subscription.id);
    const held = await storeRow(store);
    expect(held).toMatchObject({ billingHoldReason: "canceled" });
    expect(held.billingHoldSince).toBeInstanceOf(Date);
    expect(storefrontClosed(held)).toMatchObject(suspended);
  });
});

describe("the trial", () => {
  it(`holds a store without a plan ${TRIAL_DAYS} days after it signed up, and not a new one or one with a plan`, async () => {
    const ended = await ageStore((await createOwnerWithStore()).store, TRIAL_DAYS + 1);
    const fresh = (await createOwnerWithStore()).store;
    const subscribed = await ageStore((await activeStore()).store, TRIAL_DAYS + 1);

    await applyAllBillingHolds();
    const held = await storeRow(ended);
    expect(held).toMatchObject({ billingHoldReason: "trial_ended" });
    expect(held.billingHoldSince).toBeInstanceOf(Date);
    expect(storefrontClosed(held)).toMatchObject(suspended);
    expect(await storeRow(fresh)).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
    expect(await storeRow(subscribed)).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
    expect(await storeBillingStanding(fresh)).toMatchObject({
      kind: "trial",
      trialEndsAt: new Date(fresh.createdAt.getTime() + TRIAL_DAYS * DAY_MS),
    });
  });
});

describe("billing turned off", () => {
  it("lets the job lift every hold", async () => {
    const ended = await ageStore((await createOwnerWithStore()).store, TRIAL_DAYS + 1);
    const { store: canceled, subscription } = await activeStore();
    await stripe.subscriptions.cancel(subscription.id);
    await deliverLatest("customer.subscription.deleted", subscription.id);
    await applyAllBillingHolds();
    expect(await storeRow(ended)).toMatchObject({ billingHoldReason: "trial_ended" });
    expect(await storeRow(canceled)).toMatchObject({ billingHoldReason: "canceled" });

    setPlatformKeys({});
    await applyAllBillingHolds();
    for (const store of [ended, canceled]) {
      const row = await storeRow(store);
      expect(row).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
      expect(storefrontClosed(row)).toBeNull();
    }
  });
});

describe("a store suspended for billing", () => {
  it("still fulfils an order paid just before, from its own /shop/webhook/, with its download links", async () => {
    const { store } = await createOwnerWithStore();
    const shop = await createSandboxAccount();
    await saveStripeSettings(store.id, {
      testPublishableKey: shop.keys.test.publishable,
      testSecretKey: shop.keys.test.secret,
      testWebhookSecret: testSecret("whsec"),
    });
    const { product, file } = await createProductWithFile(store, { priceAmount: 1500 });
    const { order, intent } = await payOrderOnSandbox(store, shop, product.id);

    await ageStore(store, TRIAL_DAYS + 1);
    await applyAllBillingHolds();
    const held = await storeRow(store);
    expect(held).toMatchObject({ billingHoldReason: "trial_ended" });
    expect(storefrontClosed(held)).toMatchObject(suspended);

    expect(await deliverSandboxEvent(held, shop, "payment_intent.succeeded", intent.id)).toMatchObject({
      status: 200,
      body: { outcome: "processed" },
    });
    const db = await getDb();
    const [paid] = await db
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, store.id), eq(orders.id, order.id)));
    expect(paid).toMatchObject({ status: "paid" });
    const grants = await db
      .select()
      .from(downloadGrants)
      .where(and(eq(downloadGrants.storeId, store.id), eq(downloadGrants.orderId, order.id)));
    expect(grants).toEqual([expect.objectContaining({ productFileId: file.id, revokedAt: null })]);
    // Fulfilling the order did not reopen the storefront.
    expect(await storeRow(store)).toMatchObject({ billingHoldReason: "trial_ended" });
  });
});
