import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { storeStripeSettings } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handlers";
import { checkStripeKeys, setUpWebhookEndpoint, webhookUrl } from "./connection";
import { currentKeyCheck } from "./key-check";
import { loadWebhookSecrets, saveStripeSettings } from "./settings";

async function storeOnSandbox() {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  return { store, account };
}

describe("Check keys", () => {
  it("proves both keys belong to one account, names it, and keeps the answer for the checklist", async () => {
    const { store, account } = await storeOnSandbox();
    const result = await checkStripeKeys(store, "test");
    expect(result).toEqual({
      ok: true,
      message: expect.stringContaining(`Both Test keys belong to Stripe account ${account.id}`),
    });
    const db = await getDb();
    const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, store.id));
    expect(currentKeyCheck(row!, "test")).toMatchObject({ ok: true, accountId: account.id, chargesEnabled: true });
    // The key check's PaymentIntent is canceled at once: nothing can ever be charged with it.
    const intents = await sandboxStripe(account.keys.test.secret).paymentIntents.list();
    expect(intents.data.map((i) => i.status)).toEqual(["canceled"]);
  });

  it("finds a publishable key of another account, and forgets the check once the keys change", async () => {
    const { store, account } = await storeOnSandbox();
    const other = await createSandboxAccount();
    await saveStripeSettings(store.id, { testPublishableKey: other.keys.test.publishable });
    const result = await checkStripeKeys(store, "test");
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`does not belong to account ${account.id}`);

    await saveStripeSettings(store.id, { testPublishableKey: account.keys.test.publishable });
    const db = await getDb();
    const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, store.id));
    expect(currentKeyCheck(row!, "test")).toBeNull();
  });

  it("reports Stripe's refusal in plain words, without echoing the key", async () => {
    const { store } = await createOwnerWithStore();
    const unknownKey = `sk_test_sbx${"x".repeat(40)}`;
    await saveStripeSettings(store.id, {
      testPublishableKey: `pk_test_sbx${"x".repeat(40)}`,
      testSecretKey: unknownKey,
    });
    const result = await checkStripeKeys(store, "test");
    expect(result.ok).toBe(false);
    expect(result.message).toContain("Stripe refused the key");
    expect(result.message).not.toContain(unknownKey);
  });

  it("asks for keys before checking", async () => {
    const { store } = await createOwnerWithStore();
    await expect(checkStripeKeys(store, "live")).rejects.toMatchObject({
      message: "Save the Live publishable and secret keys first.",
    });
  });
});

describe("Set up webhook for me", () => {
  it("creates the endpoint at the store's exact URL and saves its secret; again replaces it", async () => {
    const { store, account } = await storeOnSandbox();
    const first = await setUpWebhookEndpoint(store, "test");
    expect(first).toMatchObject({ ok: true, url: `http://${store.subdomain}.localhost:3000/shop/webhook/` });
    expect(webhookUrl(store)).toBe(first.url);
    await setUpWebhookEndpoint(store, "test");

    const endpoints = (await sandboxStripe(account.keys.test.secret).webhookEndpoints.list()).data;
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ url: first.url, enabled_events: expect.arrayContaining(HANDLED_EVENT_TYPES) });
    const { secrets } = await loadWebhookSecrets(store.id);
    expect(secrets.test).toMatch(/^whsec_/);
  });
});
