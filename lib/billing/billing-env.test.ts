import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingEvents, billingSubscriptions, stores } from "@/db/schema";
import { getDb } from "@/lib/db";
import { EnvError, loadEnv } from "@/lib/env-schema";
import { currentPlatformKeys, hostingPrice, setPlatformKeys } from "@/test/billing-platform";
import { createOwnerWithStore } from "@/test/factories";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { signed, testSecret } from "@/test/stripe-events";
import { STORE_METADATA_KEY } from "./mirror";
import { platformBilling } from "./platform-stripe";
import { storeBillingStanding } from "./standing";
import { receiveBillingWebhook } from "./webhook";

const BASE = {
  NODE_ENV: "production",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  AUTH_SECRET: "x".repeat(40),
};
const TEST_KEYS = {
  PLATFORM_STRIPE_SECRET_KEY: "sk_test_platform123",
  PLATFORM_STRIPE_PUBLISHABLE_KEY: "pk_test_platform123",
  PLATFORM_STRIPE_WEBHOOK_SECRET: "whsec_platform123",
};
const NAMES = Object.keys(TEST_KEYS) as (keyof typeof TEST_KEYS)[];

describe("PLATFORM_STRIPE_* in the environment", () => {
  it("takes all three together, or none (billing off)", () => {
    expect(loadEnv({ ...BASE, ...TEST_KEYS })).toMatchObject(TEST_KEYS);
    const none = loadEnv(BASE);
    for (const name of NAMES) expect(none[name], name).toBeUndefined();
    // An empty value counts as unset, as in `PLATFORM_STRIPE_SECRET_KEY= npm start`.
    expect(
      loadEnv({
        ...BASE,
        PLATFORM_STRIPE_SECRET_KEY: "",
        PLATFORM_STRIPE_PUBLISHABLE_KEY: "",
        PLATFORM_STRIPE_WEBHOOK_SECRET: "",
      }).PLATFORM_STRIPE_SECRET_KEY,
    ).toBeUndefined();
  });

  const partialSets = NAMES.flatMap((name) => [[name], NAMES.filter((other) => other !== name)]).map((given) => ({
    given,
    label: given.join(" and "),
  }));
  it.each(partialSets)("refuses $label alone, naming all three", ({ given }) => {
    const attempt = () => loadEnv({ ...BASE, ...Object.fromEntries(given.map((name) => [name, TEST_KEYS[name]])) });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(
      /PLATFORM_STRIPE_SECRET_KEY, PLATFORM_STRIPE_PUBLISHABLE_KEY and PLATFORM_STRIPE_WEBHOOK_SECRET go together/,
    );
  });

  it("refuses a test secret key with a live publishable key, naming both", () => {
    const attempt = () => loadEnv({ ...BASE, ...TEST_KEYS, PLATFORM_STRIPE_PUBLISHABLE_KEY: "pk_live_platform123" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PLATFORM_STRIPE_PUBLISHABLE_KEY: is a live key/);
    expect(attempt).toThrow(/PLATFORM_STRIPE_SECRET_KEY is a test key/);
  });

  it("refuses a live secret key with a test publishable key, naming both", () => {
    const attempt = () => loadEnv({ ...BASE, ...TEST_KEYS, PLATFORM_STRIPE_SECRET_KEY: "sk_live_platform123" });
    expect(attempt).toThrow(/PLATFORM_STRIPE_PUBLISHABLE_KEY: is a test key/);
    expect(attempt).toThrow(/PLATFORM_STRIPE_SECRET_KEY is a live key/);
  });

  it("accepts a live pair, and a restricted key in place of the secret key", () => {
    expect(
      loadEnv({
        ...BASE,
        ...TEST_KEYS,
        PLATFORM_STRIPE_SECRET_KEY: "sk_live_platform123",
        PLATFORM_STRIPE_PUBLISHABLE_KEY: "pk_live_platform123",
      }).PLATFORM_STRIPE_SECRET_KEY,
    ).toBe("sk_live_platform123");
    expect(loadEnv({ ...BASE, ...TEST_KEYS, PLATFORM_STRIPE_SECRET_KEY: "rk_test_platform123" })).toMatchObject({
      PLATFORM_STRIPE_SECRET_KEY: "rk_test_platform123",
    });
  });

  it("refuses keys swapped between the variables, naming each", () => {
    const attempt = () =>
      loadEnv({
        ...BASE,
        PLATFORM_STRIPE_SECRET_KEY: TEST_KEYS.PLATFORM_STRIPE_PUBLISHABLE_KEY,
        PLATFORM_STRIPE_PUBLISHABLE_KEY: TEST_KEYS.PLATFORM_STRIPE_SECRET_KEY,
        PLATFORM_STRIPE_WEBHOOK_SECRET: "sk_test_platform123",
      });
    expect(attempt).toThrow(/PLATFORM_STRIPE_SECRET_KEY: must be a Stripe secret key/);
    expect(attempt).toThrow(/PLATFORM_STRIPE_PUBLISHABLE_KEY: must be a Stripe publishable key/);
    expect(attempt).toThrow(/PLATFORM_STRIPE_WEBHOOK_SECRET: must be a webhook signing secret/);
  });
});

describe("without platform keys, billing is off", () => {
  const saved = currentPlatformKeys();
  beforeAll(async () => {
    await getDb();
    setPlatformKeys({});
  });
  afterAll(() => setPlatformKeys(saved));

  it("says so plainly, and no store is blocked, not even one past its trial", async () => {
    const billing = platformBilling();
    expect(billing.enabled).toBe(false);
    if (billing.enabled) return;
    expect(billing.reason).toMatch(/Billing is off/);
    expect(billing.reason).toMatch(/PLATFORM_STRIPE_SECRET_KEY/);

    const { store } = await createOwnerWithStore();
    const longAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
    const db = await getDb();
    await db.update(stores).set({ createdAt: longAgo }).where(eq(stores.id, store.id));
    expect(await storeBillingStanding({ ...store, createdAt: longAgo })).toMatchObject({ kind: "off", hold: null });
  });

  it("answers a correctly signed, handled event with 503 and changes nothing", async () => {
    // A real subscription on some Stripe account, for a real store: only the platform keys are missing.
    const { store } = await createOwnerWithStore();
    const account = await createSandboxAccount();
    const stripe = sandboxStripe(account.keys.test.secret);
    const customer = await stripe.customers.create({
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
      metadata: { [STORE_METADATA_KEY]: store.id },
    });
    const price = await hostingPrice(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [event] = (await stripe.events.list({ type: "customer.subscription.created", limit: 1 })).data;
    expect(event?.data.object).toMatchObject({ id: subscription.id });

    const { rawBody, header } = signed(event!, testSecret("whsec"));
    const answer = await receiveBillingWebhook(rawBody, header);
    expect(answer).toMatchObject({ status: 503, body: { error: "billing_off" } });
    expect(String(answer.body.message)).toMatch(/PLATFORM_STRIPE_SECRET_KEY/);

    const db = await getDb();
    expect(await db.select().from(billingEvents).where(eq(billingEvents.stripeEventId, event!.id))).toEqual([]);
    expect(
      await db
        .select()
        .from(billingSubscriptions)
        .where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id)),
    ).toEqual([]);
    const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
    expect(row).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
  });
});
