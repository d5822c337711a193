import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { rawRequest } from "./http";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";
import { createSandboxAccount, sandboxDeliveries, stripeApi } from "./sandbox-api";

const demoOwner = () =>
  JSON.parse(readFileSync(".data-e2e/demo-owner.json", "utf8")) as { email: string; password: string };

test("an owner connects sandbox keys, sets up the webhook, and a payment becomes a paid order", async ({ page }) => {
  const account = await createSandboxAccount();
  const owner = demoOwner();
  const admin = new StoreAdmin(page, "demo");
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview("Demo Downloads");

  // Dashboard Settings: paste the Test keys.
  await page.goto(`${storeOrigin("demo")}/admin/settings`);
  const testKeys = page.getByRole("group", { name: "Test" });
  await testKeys.getByLabel("Stripe Publishable Key").fill(account.keys.test.publishable);
  await testKeys.getByLabel("Stripe Secret Key").fill(account.keys.test.secret.replace("sk_test_", "sk_live_"));
  await page.getByRole("button", { name: "Save Stripe settings" }).click();
  await expect(testKeys.getByText("This is a live key; paste it in the Live section.")).toBeVisible();
  await testKeys.getByLabel("Stripe Secret Key").fill(account.keys.test.secret);
  await page.getByRole("button", { name: "Save Stripe settings" }).click();
  await expect(page.getByText("Saved. The store now takes Test payments.")).toBeVisible();
  await expect(testKeys.getByText(`Saved: sk_test_…${account.keys.test.secret.slice(-4)}`)).toBeVisible();
  await page.reload();
  expect(await page.content()).not.toContain(account.keys.test.secret);

  await testKeys.getByRole("button", { name: "Check Test keys" }).click();
  await expect(page.getByTestId("test-stripe-notice")).toContainText(
    `Both Test keys belong to Stripe account ${account.id}`,
  );
  await testKeys.getByRole("button", { name: "Set up Test webhook for me" }).click();
  await expect(page.getByTestId("test-stripe-notice")).toContainText(`${storeOrigin("demo")}/shop/webhook/`);

  // A shopper's payment through the sandbox: the store opens the order and PaymentIntent,
  // the card is confirmed at "Stripe", Stripe calls the webhook.
  const products = await rawRequest(`${storeOrigin("demo")}/products/calm-tone-sample`);
  const productId = /data-product-id="([0-9a-f-]{36})"/.exec(products.body)?.[1];
  expect(productId, "product page exposes its id for the cart").toBeTruthy();
  const checkout = await rawRequest(`${storeOrigin("demo")}/shop/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "shopper@example.test", items: [{ productId, quantity: 1 }] }),
  });
  expect(checkout.status).toBe(201);
  const started = JSON.parse(checkout.body) as { orderId: string; paymentIntentId: string; amount: number };
  const confirmed = await stripeApi(account.keys.test.secret, `payment_intents/${started.paymentIntentId}/confirm`, {
    payment_method: "pm_card_visa",
    // The checkout's PaymentIntent takes automatic payment methods, so Stripe wants somewhere to return to.
    return_url: `${storeOrigin("demo")}/orders/${started.orderId}`,
  });
  expect(confirmed.status).toBe("succeeded");

  await page.goto(`${storeOrigin("demo")}/admin/orders`);
  const row = page.getByRole("row", { name: new RegExp(started.orderId.slice(0, 8)) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("paid", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row.getByText("Test", { exact: true })).toBeVisible();

  const deliveries = await sandboxDeliveries(account.id);
  const succeeded = deliveries.find((d) => d.event_type === "payment_intent.succeeded");
  expect(succeeded).toMatchObject({
    status_code: 200,
    succeeded: true,
    endpoint_url: `${storeOrigin("demo")}/shop/webhook/`,
  });

  // The owner sees the delivery on the Webhooks page too.
  await page.goto(`${storeOrigin("demo")}/admin/webhooks`);
  const delivered = deliveries.find((d) => d.event_type === "payment_intent.succeeded")!;
  await expect(page.locator('tr[data-outcome="processed"]').filter({ hasText: delivered.event_id })).toBeVisible();
});
