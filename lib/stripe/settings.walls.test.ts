import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { storeEmailSettings, storeStripeSettings, type StoreStripeSettings } from "@/db/schema";
import { getDb } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secrets";
import { loadEmailCredentials, resendKeyContext } from "@/lib/email/credentials";
import { createStoreWithStripe } from "@/test/factories";
import { loadStripeCredentials, loadWebhookSecrets } from "./settings";

/*
 * Every stored secret is sealed for its own store, field and mode. An envelope copied
 * into another column of the same row (a database edit, a bad migration, a restore
 * gone wrong) must not decrypt there, so a test key never serves as a live key and a
 * signing secret never as an API key.
 */

// Opening and migrating the database takes a while on a busy machine: not in a test's time.
beforeAll(() => getDb());

type SecretColumn = "testSecretKey" | "testWebhookSecret" | "liveSecretKey" | "liveWebhookSecret";

async function storedRow(storeId: string): Promise<StoreStripeSettings> {
  const db = await getDb();
  const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, storeId));
  if (!row) throw new Error("no Stripe settings saved");
  return row;
}

/** Overwrites one secret column with the envelope stored in another. */
async function copyEnvelope(storeId: string, from: SecretColumn, to: SecretColumn) {
  const envelope = (await storedRow(storeId))[from];
  expect(envelope).toBeTruthy();
  const db = await getDb();
  await db
    .update(storeStripeSettings)
    .set({ [to]: envelope })
    .where(eq(storeStripeSettings.storeId, storeId));
}

describe("Stripe secrets copied to another column", () => {
  it("open in their own columns", async () => {
    const { store, keys } = await createStoreWithStripe();
    expect(await loadStripeCredentials(store.id, "test")).toMatchObject({
      secretKey: keys.testSecretKey,
      webhookSecret: keys.testWebhookSecret,
    });
    expect(await loadStripeCredentials(store.id, "live")).toMatchObject({
      secretKey: keys.liveSecretKey,
      webhookSecret: keys.liveWebhookSecret,
    });
  });

  it.each([
    ["testSecretKey", "liveSecretKey"],
    ["liveSecretKey", "testSecretKey"],
    ["testWebhookSecret", "liveWebhookSecret"],
    ["liveWebhookSecret", "testWebhookSecret"],
  ] as const)("%s copied into %s (test ↔ live) does not decrypt", async (from, to) => {
    const { store } = await createStoreWithStripe();
    await copyEnvelope(store.id, from, to);
    const mode = to.startsWith("live") ? "live" : "test";
    await expect(loadStripeCredentials(store.id, mode)).rejects.toThrow();
    if (to.endsWith("WebhookSecret")) await expect(loadWebhookSecrets(store.id)).rejects.toThrow();
  });

  it.each([
    ["testSecretKey", "testWebhookSecret"],
    ["testWebhookSecret", "testSecretKey"],
    ["liveSecretKey", "liveWebhookSecret"],
    ["liveWebhookSecret", "liveSecretKey"],
  ] as const)("%s copied into %s (another field) does not decrypt", async (from, to) => {
    const { store } = await createStoreWithStripe();
    await copyEnvelope(store.id, from, to);
    const mode = to.startsWith("live") ? "live" : "test";
    await expect(loadStripeCredentials(store.id, mode)).rejects.toThrow();
    if (to.endsWith("WebhookSecret")) await expect(loadWebhookSecrets(store.id)).rejects.toThrow();
  });
});

describe("secrets copied between the Stripe and Resend fields", () => {
  it("a Stripe secret key does not decrypt as the Resend API key, nor the other way", async () => {
    const { store } = await createStoreWithStripe();
    const row = await storedRow(store.id);
    const db = await getDb();
    await db
      .insert(storeEmailSettings)
      .values({ storeId: store.id, resendApiKey: row.testSecretKey, fromAddress: "shop@example.test" });
    expect(await loadEmailCredentials(store.id)).toEqual({
      problem: expect.stringContaining("can no longer be decrypted"),
    });

    const resendEnvelope = encryptSecret("re_Abcdefghijklmnopqrstuvwxyz", resendKeyContext(store.id));
    await db
      .update(storeStripeSettings)
      .set({ testSecretKey: resendEnvelope })
      .where(eq(storeStripeSettings.storeId, store.id));
    await expect(loadStripeCredentials(store.id, "test")).rejects.toThrow();
  });
});
