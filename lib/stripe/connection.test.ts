import { describe, expect, it } from "vitest";
import { createOwnerWithStore } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handlers";
import { checkStripeKeys, setUpWebhookEndpoint, webhookUrl } from "./connection";
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
  it("reports success with a key Stripe accepts", async () => {
    const { store } = await storeOnSandbox();
    expect(await checkStripeKeys(store.id, "test")).toEqual({
      ok: true,
      message: "Stripe accepted the Test secret key.",
    });
  });

  it("reports Stripe's refusal in plain words, without echoing the key", async () => {
    const { store } = await createOwnerWithStore();
    const unknownKey = `sk_test_sbx${"x".repeat(40)}`;
    await saveStripeSettings(store.id, {
      testPublishableKey: `pk_test_sbx${"x".repeat(40)}`,
      testSecretKey: unknownKey,
    });
    const result = await checkStripeKeys(store.id, "test");
    expect(result.ok).toBe(false);
    expect(result.message).toContain("Stripe refused the key");
    expect(result.message).not.toContain(unknownKey);
  });

  it("asks for keys before checking", async () => {
    const { store } = await createOwnerWithStore();
    await expect(checkStripeKeys(store.id, "live")).rejects.toMatchObject({
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
