import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { startHostedCheckout } from "./start-hosted-checkout";

it("opens a Stripe-hosted Checkout Session for the order, priced from the database", async () => {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    checkoutMode: "stripe_checkout",
  });
  const { product } = await createProductWithFile(store, { priceAmount: 700 });
  const { orderId, url } = await startHostedCheckout(store, {
    email: "b@example.test",
    items: [{ productId: product.id, quantity: 1 }],
  });
  const db = await getDb();
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  const session = await sandboxStripe(account.keys.test.secret).checkout.sessions.retrieve(order!.checkoutSessionId!);
  expect(session).toMatchObject({
    url,
    amount_total: 700,
    client_reference_id: orderId,
    metadata: { order_id: orderId, store_id: store.id },
    success_url: expect.stringContaining(`/orders/${orderId}?key=`),
  });
});
