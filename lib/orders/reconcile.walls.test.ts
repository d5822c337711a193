import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { downloadGrants, orders, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { attachPaymentIntent, createPendingOrder } from "./orders";
import { reconcileStore } from "./reconcile";

// Opening and migrating the database takes a while on a busy machine: not in a test's time.
beforeAll(() => getDb());

/** A store on `account`'s test keys whose webhooks never arrive (no endpoint is registered). */
async function storeOn(account: SandboxAccount) {
  const { store } = await createOwnerWithStore();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  const { product } = await createProductWithFile(store, { priceAmount: 1500 });
  return { store, product, account };
}

type Shop = Awaited<ReturnType<typeof storeOn>>;

/** An order and its PaymentIntent as checkout opens them; `metadata` as checkout sets it unless given. */
async function openOrder(shop: Shop, metadata?: Record<string, string>) {
  const order = await createPendingOrder(shop.store.id, {
    mode: "test",
    email: "buyer@example.test",
    lines: [{ productId: shop.product.id, quantity: 1 }],
  });
  const intent = await sandboxStripe(shop.account.keys.test.secret).paymentIntents.create({
    amount: order.totalAmount,
    currency: order.currency,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    metadata: metadata ?? { order_id: order.id, store_id: shop.store.id },
  });
  await attachPaymentIntent(shop.store.id, order.id, intent.id);
  return { order, intentId: intent.id };
}

const stripeOf = (shop: Shop) => sandboxStripe(shop.account.keys.test.secret);

async function orderRow(store: Store, orderId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)));
  if (!row) throw new Error(`no order ${orderId}`);
  return row;
}

async function liveGrants(orderId: string) {
  const db = await getDb();
  return (await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId))).filter(
    (grant) => grant.revokedAt === null,
  ).length;
}

describe("reconcileStore repairs what a lost webhook would have told", () => {
  it("records a refund made in Stripe on a paid order, and revokes its downloads", async () => {
    const shop = await storeOn(await createSandboxAccount());
    const { order, intentId } = await openOrder(shop);
    await stripeOf(shop).paymentIntents.confirm(intentId, { payment_method: "pm_card_visa" });
    await reconcileStore(shop.store);
    expect(await orderRow(shop.store, order.id)).toMatchObject({ status: "paid", amountRefunded: 0 });
    expect(await liveGrants(order.id)).toBe(1);

    await stripeOf(shop).refunds.create({ payment_intent: intentId });
    const report = await reconcileStore(shop.store);
    expect(report.problems).toEqual([]);
    expect(report.repaired).toEqual([expect.objectContaining({ orderId: order.id, from: "paid", to: "refunded" })]);
    expect(await orderRow(shop.store, order.id)).toMatchObject({ status: "refunded", amountRefunded: 1500 });
    expect(await liveGrants(order.id)).toBe(0);
    expect((await reconcileStore(shop.store)).repaired).toEqual([]);
  });

  it("records a partial refund as partially refunded, keeping the downloads", async () => {
    const shop = await storeOn(await createSandboxAccount());
    const { order, intentId } = await openOrder(shop);
    await stripeOf(shop).paymentIntents.confirm(intentId, { payment_method: "pm_card_visa" });
    await reconcileStore(shop.store);
    await stripeOf(shop).refunds.create({ payment_intent: intentId, amount: 500 });
    const report = await reconcileStore(shop.store);
    expect(report.repaired).toEqual([expect.objectContaining({ orderId: order.id, to: "partially_refunded" })]);
    expect(await orderRow(shop.store, order.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 500 });
    expect(await liveGrants(order.id)).toBe(1);
  });

  it("cancels an order whose PaymentIntent was canceled in Stripe", async () => {
    const shop = await storeOn(await createSandboxAccount());
    const { order, intentId } = await openOrder(shop);
    await stripeOf(shop).paymentIntents.cancel(intentId);
    const report = await reconcileStore(shop.store);
    expect(report.problems).toEqual([]);
    expect(report.repaired).toEqual([expect.objectContaining({ orderId: order.id, from: "pending", to: "canceled" })]);
    expect((await orderRow(shop.store, order.id)).status).toBe("canceled");
    expect((await reconcileStore(shop.store)).repaired).toEqual([]);
  });
});

describe("reconcileStore on a Stripe account two stores share", () => {
  it("never touches another store's order, whatever the PaymentIntent's metadata says", async () => {
    const account = await createSandboxAccount();
    const a = await storeOn(account);
    const b = await storeOn(account);
    // B's own orders, paid in Stripe: one as checkout tags it, one with no store in its metadata.
    const tagged = await openOrder(b);
    const untagged = await openOrder(b, {});
    // A PaymentIntent of B's that names one of A's orders.
    const aOrder = await openOrder(a);
    const bIntentNamingA = await stripeOf(b).paymentIntents.create({
      amount: aOrder.order.totalAmount,
      currency: aOrder.order.currency,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { order_id: aOrder.order.id, store_id: b.store.id },
    });
    for (const intentId of [tagged.intentId, untagged.intentId, bIntentNamingA.id]) {
      await stripeOf(b).paymentIntents.confirm(intentId, { payment_method: "pm_card_visa" });
    }

    const report = await reconcileStore(a.store);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(4);
    expect(report.repaired).toEqual([]);
    for (const order of [tagged.order, untagged.order]) {
      expect(await orderRow(b.store, order.id)).toMatchObject({ status: "pending", paidAt: null });
      expect(await liveGrants(order.id)).toBe(0);
    }
    expect(await orderRow(a.store, aOrder.order.id)).toMatchObject({ status: "pending", paidAt: null });

    // B's own reconciliation does repair them.
    const own = await reconcileStore(b.store);
    expect(own.repaired.map((r) => r.orderId).sort()).toEqual([tagged.order.id, untagged.order.id].sort());
  });
});
