import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { orders, products, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { startLossyProxy, type LossyProxy } from "@/test/lossy-proxy";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { startCheckout } from "./start-checkout";

// Opening and migrating the database takes a while on a busy machine: not in a test's time.
beforeAll(() => getDb());

/** A store taking test payments on a fresh sandbox account, with one published product. */
async function storeOnSandbox() {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  const { product } = await createProductWithFile(store, { priceAmount: 1250 });
  return { store, account, product };
}

async function ordersOf(store: Store) {
  const db = await getDb();
  return db.select().from(orders).where(eq(orders.storeId, store.id));
}

async function intentsOf(account: SandboxAccount) {
  return (await sandboxStripe(account.keys.test.secret).paymentIntents.list({ limit: 100 })).data;
}

const buy = (productId: string) => ({ email: "buyer@example.test", items: [{ productId, quantity: 1 }] });

describe("startCheckout refuses what the store does not sell", () => {
  it("refuses another store's product: no order, no PaymentIntent", async () => {
    const a = await storeOnSandbox();
    const b = await storeOnSandbox();
    await expect(startCheckout(b.store, buy(a.product.id))).rejects.toMatchObject({
      code: "product_unavailable",
      status: 409,
    });
    expect(await ordersOf(b.store)).toEqual([]);
    expect(await intentsOf(b.account)).toEqual([]);
    // The same product is for sale in its own store.
    expect(await startCheckout(a.store, buy(a.product.id))).toMatchObject({ amount: 1250 });
  });

  it.each(["draft", "archived"] as const)("refuses a %s product: no order, no PaymentIntent", async (status) => {
    const { store, account, product } = await storeOnSandbox();
    const db = await getDb();
    await db.update(products).set({ status }).where(eq(products.id, product.id));
    await expect(startCheckout(store, buy(product.id))).rejects.toMatchObject({
      code: "product_unavailable",
      status: 409,
    });
    expect(await ordersOf(store)).toEqual([]);
    expect(await intentsOf(account)).toEqual([]);
  });
});

describe("startCheckout when Stripe's answer is lost", () => {
  let proxy: LossyProxy | null = null;
  const sandboxUrl = env.STRIPE_SANDBOX_URL;
  afterEach(async () => {
    env.STRIPE_SANDBOX_URL = sandboxUrl;
    await proxy?.close();
    proxy = null;
  });

  it("retries with the order's own idempotency key and gets the same PaymentIntent", async () => {
    const { store, account, product } = await storeOnSandbox();
    proxy = await startLossyProxy(sandboxUrl!);
    env.STRIPE_SANDBOX_URL = proxy.url;
    // Stripe creates the PaymentIntent, but the answer never arrives.
    proxy.dropResponses((method, path) => method === "POST" && path === "/v1/payment_intents");

    const started = await startCheckout(store, buy(product.id));

    const creates = proxy.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");
    expect(creates.map((r) => r.dropped)).toEqual([true, false]);
    // Both attempts name the order, so Stripe answers the retry with the first attempt's object.
    for (const attempt of creates) {
      expect(attempt.headers["idempotency-key"]).toBe(`order:${started.orderId}:payment-intent`);
    }
    expect(creates[1]?.responseHeaders["idempotent-replayed"]).toBe("true");
    const lost = JSON.parse(creates[0]!.responseBody) as { id: string };
    expect(started.paymentIntentId).toBe(lost.id);
    expect((await intentsOf(account)).map((intent) => intent.id)).toEqual([lost.id]);
    const [order] = await ordersOf(store);
    expect(order).toMatchObject({ id: started.orderId, paymentIntentId: lost.id });
  });
});
