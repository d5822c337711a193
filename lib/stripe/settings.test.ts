import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { storeStripeSettings } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore, createStoreWithStripe } from "@/test/factories";
import { testSecret } from "@/test/stripe-events";
import { getStripeSettingsView, loadStripeCredentials, loadWebhookSecrets, saveStripeSettings } from "./settings";

describe("Stripe settings", () => {
  it("encrypt secrets at rest and show only masked hints", async () => {
    const { store, keys } = await createStoreWithStripe();
    const db = await getDb();
    const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, store.id));
    const stored = JSON.stringify(row);
    for (const secret of [keys.testSecretKey, keys.testWebhookSecret, keys.liveSecretKey, keys.liveWebhookSecret]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(8, 30));
    }
    const view = await getStripeSettingsView(store.id);
    expect(view.test.secretKeyHint).toBe(`sk_test_…${keys.testSecretKey.slice(-4)}`);
    expect(view.test.webhookSecretHint).toBe(`whsec_…${keys.testWebhookSecret.slice(-4)}`);
    const shown = JSON.stringify(view);
    for (const secret of [keys.testSecretKey, keys.testWebhookSecret, keys.liveSecretKey, keys.liveWebhookSecret]) {
      expect(shown).not.toContain(secret.slice(0, -4));
    }
    expect(view.test.publishableKey).toBe(keys.testPublishableKey);
  });

  it("keep a stored secret when its field is left blank", async () => {
    const { store, keys } = await createStoreWithStripe();
    const newPublishable = testSecret("pk_test");
    await saveStripeSettings(store.id, { testPublishableKey: newPublishable, liveMode: false });
    const credentials = await loadStripeCredentials(store.id, "test");
    expect(credentials).toMatchObject({
      publishableKey: newPublishable,
      secretKey: keys.testSecretKey,
      webhookSecret: keys.testWebhookSecret,
    });
  });

  it("refuse mixed-mode keys, half pairs and cut-off values with field messages", async () => {
    const { store } = await createOwnerWithStore();
    await expect(
      saveStripeSettings(store.id, {
        testPublishableKey: testSecret("pk_live"),
        liveSecretKey: testSecret("sk_test"),
        testWebhookSecret: "whsec_short",
        liveMode: false,
      }),
    ).rejects.toMatchObject({
      fieldErrors: {
        testPublishableKey: "This is a live key; paste it in the Live section.",
        liveSecretKey: "This is a test key; paste it in the Test section.",
        testWebhookSecret: expect.stringContaining("cut off"),
      },
    });
    await expect(
      saveStripeSettings(store.id, { testPublishableKey: testSecret("pk_test"), liveMode: false }),
    ).rejects.toMatchObject({
      fieldErrors: { testSecretKey: expect.stringContaining("secret key") },
    });
    expect(await loadStripeCredentials(store.id, "test")).toBeNull();
  });

  it("refuse live mode until the live set is complete", async () => {
    const { store } = await createOwnerWithStore();
    await saveStripeSettings(store.id, {
      testPublishableKey: testSecret("pk_test"),
      testSecretKey: testSecret("sk_test"),
      liveMode: false,
    });
    await expect(
      saveStripeSettings(store.id, {
        livePublishableKey: testSecret("pk_live"),
        liveSecretKey: testSecret("sk_live"),
        liveMode: true,
      }),
    ).rejects.toMatchObject({ fieldErrors: { liveMode: expect.stringContaining("all three Live values") } });
    expect((await getStripeSettingsView(store.id)).liveMode).toBe(false);
  });

  it("switch the active mode on the next read", async () => {
    const { store, keys } = await createStoreWithStripe();
    expect((await loadStripeCredentials(store.id))?.mode).toBe("test");
    await saveStripeSettings(store.id, { liveMode: true });
    expect(await loadStripeCredentials(store.id)).toMatchObject({ mode: "live", secretKey: keys.liveSecretKey });
    expect(await loadWebhookSecrets(store.id)).toEqual({
      activeMode: "live",
      secrets: { test: keys.testWebhookSecret, live: keys.liveWebhookSecret },
    });
  });

  it("never decrypt one store's secrets as another's", async () => {
    const a = await createStoreWithStripe();
    const b = await createStoreWithStripe();
    const db = await getDb();
    const [rowA] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, a.store.id));
    await db
      .update(storeStripeSettings)
      .set({ testSecretKey: rowA!.testSecretKey })
      .where(eq(storeStripeSettings.storeId, b.store.id));
    await expect(loadStripeCredentials(b.store.id, "test")).rejects.toThrow();
  });
});
