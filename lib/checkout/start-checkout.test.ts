import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, products } from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { resumeCheckout, startCheckout } from "./start-checkout";

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

describe("startCheckout", () => {
  it("prices from the database and ties one PaymentIntent to the order", async () => {
    const { store, account, product } = await storeOnSandbox();
    const started = await startCheckout(store, {
      email: "Buyer@Example.test",
      items: [{ productId: product.id, quantity: 1 }],
    });
    expect(started).toMatchObject({
      amount: 1250,
      currency: "usd",
      mode: "test",
      publishableKey: account.keys.test.publishable,
    });
    const intent = await sandboxStripe(account.keys.test.secret).paymentIntents.retrieve(started.paymentIntentId);
    expect(intent).toMatchObject({ amount: 1250, metadata: { order_id: started.orderId, store_id: store.id } });
    const db = await getDb();
    const [order] = await db.select().from(orders).where(eq(orders.id, started.orderId));
    expect(order).toMatchObject({
      status: "pending",
      email: "buyer@example.test",
      paymentIntentId: started.paymentIntentId,
    });
  });

  it("creates the PaymentIntent for the pay-what-you-want amount the server accepted, and refuses one below the minimum", async () => {
    const { store, account, product } = await storeOnSandbox();
    const db = await getDb();
    await db
      .update(products)
      .set({ payWhatYouWant: true, priceAmount: 1000, minimumAmount: 500 })
      .where(eq(products.id, product.id));
    const started = await startCheckout(store, {
      email: "b@example.test",
      items: [{ productId: product.id, quantity: 1, amount: 777 }],
    });
    expect(started.amount).toBe(777);
    const intent = await sandboxStripe(account.keys.test.secret).paymentIntents.retrieve(started.paymentIntentId);
    expect(intent.amount).toBe(777);
    await expect(
      startCheckout(store, { email: "b@example.test", items: [{ productId: product.id, quantity: 1, amount: 499 }] }),
    ).rejects.toMatchObject({
      code: "amount_refused",
      status: 400,
      message: expect.stringContaining("Pay at least $5.00"),
    });
    // A resumed attempt must be for the same amount, not merely the same product.
    const input = { email: "b@example.test", items: [{ productId: product.id, quantity: 1, amount: 777 }] };
    expect(await resumeCheckout(store, started.orderId, input)).toMatchObject({
      paymentIntentId: started.paymentIntentId,
    });
    expect(
      await resumeCheckout(store, started.orderId, {
        ...input,
        items: [{ productId: product.id, quantity: 1, amount: 900 }],
      }),
    ).toBeNull();
  });

  it("reuses the attempt's PaymentIntent, and starts afresh when the cart or email changed", async () => {
    const { store, product } = await storeOnSandbox();
    const input = { email: "buyer@example.test", items: [{ productId: product.id, quantity: 1 }] };
    const first = await startCheckout(store, input);
    const again = await resumeCheckout(store, first.orderId, input);
    expect(again).toMatchObject({
      orderId: first.orderId,
      paymentIntentId: first.paymentIntentId,
      clientSecret: first.clientSecret,
    });
    expect(await resumeCheckout(store, first.orderId, { ...input, email: "other@example.test" })).toBeNull();
    const { product: second } = await createProductWithFile(store);
    expect(
      await resumeCheckout(store, first.orderId, {
        ...input,
        items: [...input.items, { productId: second.id, quantity: 1 }],
      }),
    ).toBeNull();
  });

  it("charges the price saved in the database, whatever the product cost when the cart was filled", async () => {
    const { store, product } = await storeOnSandbox();
    const db = await getDb();
    await db.update(products).set({ priceAmount: 3000 }).where(eq(products.id, product.id));
    const started = await startCheckout(store, {
      email: "b@example.test",
      items: [{ productId: product.id, quantity: 1 }],
    });
    expect(started.amount).toBe(3000);
  });

  it("refuses when the store cannot take payments", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await createProductWithFile(store);
    await expect(
      startCheckout(store, { email: "b@example.test", items: [{ productId: product.id, quantity: 1 }] }),
    ).rejects.toMatchObject({
      code: "payments_unavailable",
      message: "This store cannot take payments yet.",
    });
  });
});
