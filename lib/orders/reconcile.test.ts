import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { downloadGrants, emailOutbox, orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { attachPaymentIntent, createPendingOrder } from "./orders";
import { reconcileStore } from "./reconcile";

/** A store on sandbox keys whose webhook never arrives: no endpoint is registered. */
async function storeWithoutWebhook() {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  const { product } = await createProductWithFile(store, { priceAmount: 1500 });
  const stripe = sandboxStripe(account.keys.test.secret);
  async function pay(paymentMethod: string) {
    const order = await createPendingOrder(store.id, {
      mode: "test",
      email: "buyer@example.test",
      lines: [{ productId: product.id, quantity: 1 }],
    });
    const intent = await stripe.paymentIntents.create({
      amount: order.totalAmount,
      currency: order.currency,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { order_id: order.id, store_id: store.id },
    });
    await attachPaymentIntent(store.id, order.id, intent.id);
    await stripe.paymentIntents.confirm(intent.id, { payment_method: paymentMethod }).catch(() => undefined);
    return order;
  }
  return { store, pay };
}

async function statusOf(storeId: string, orderId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)));
  return row;
}

describe("reconcileStore", () => {
  it("repairs an order whose webhook never arrived, once", async () => {
    const { store, pay } = await storeWithoutWebhook();
    const order = await pay("pm_card_visa");
    expect((await statusOf(store.id, order.id))?.status).toBe("pending");

    const report = await reconcileStore(store);
    expect(report.problems).toEqual([]);
    expect(report.repaired).toEqual([expect.objectContaining({ orderId: order.id, from: "pending", to: "paid" })]);
    expect((await statusOf(store.id, order.id))?.status).toBe("paid");
    const db = await getDb();
    expect(await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, order.id))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.dedupeKey, `receipt:${order.id}`)),
    ).toHaveLength(1);

    expect((await reconcileStore(store)).repaired).toEqual([]);
  });

  it("marks a declined payment failed with Stripe's message", async () => {
    const { store, pay } = await storeWithoutWebhook();
    const order = await pay("pm_card_chargeDeclined");
    const report = await reconcileStore(store);
    expect(report.repaired).toEqual([expect.objectContaining({ orderId: order.id, to: "failed" })]);
    expect((await statusOf(store.id, order.id))?.failureMessage).toMatch(/declined/i);
  });

  it("explains a store without keys instead of failing", async () => {
    const { store } = await createOwnerWithStore();
    expect(await reconcileStore(store)).toMatchObject({
      checked: 0,
      problems: ["No Stripe keys saved for the active mode."],
    });
  });
});
