import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { emailOutbox, products, stores, storeStripeSettings, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { setUpWebhookEndpoint, webhookUrl } from "@/lib/stripe/connection";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { recordRefusal } from "@/lib/webhooks/refusals";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { deliverSandboxEvent, payOrderOnSandbox } from "@/test/sandbox-payments";
import { reconcileStore } from "@/lib/orders/reconcile";
import { buildLaunchChecklist, type Check, type LaunchChecklist } from "./checklist";

const sandboxUrl = env.STRIPE_SANDBOX_URL;
afterEach(() => {
  env.STRIPE_SANDBOX_URL = sandboxUrl;
});

function find(checklist: LaunchChecklist, id: string): Check {
  const found = checklist.sections.flatMap((s) => s.checks).find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${checklist.sections.flatMap((s) => s.checks.map((c) => c.id))}`);
  return found;
}

async function storeWithTestKeys(account?: SandboxAccount) {
  const owner = await createOwnerWithStore({ emailVerified: true });
  const sandbox = account ?? (await createSandboxAccount());
  await saveStripeSettings(
    owner.store.id,
    { testPublishableKey: sandbox.keys.test.publishable, testSecretKey: sandbox.keys.test.secret },
    owner.user.id,
  );
  return { ...owner, account: sandbox };
}

async function freshStore(store: Store): Promise<Store> {
  const db = await getDb();
  const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
  return row!;
}

/** A real sandbox payment for a real pending order of a new product of the store. */
async function payOnSandbox(store: Store, account: SandboxAccount) {
  const { product } = await createProductWithFile(store, { priceAmount: 1500 });
  return { product, ...(await payOrderOnSandbox(store, account, product.id)) };
}

const deliverSucceeded = (store: Store, account: SandboxAccount, intentId: string) =>
  deliverSandboxEvent(store, account, "payment_intent.succeeded", intentId);

describe("the launch checklist", () => {
  it("is red from A to F for a store with nothing set up, and leaves Live alone", async () => {
    const { store } = await createOwnerWithStore();
    const checklist = await buildLaunchChecklist(store);
    for (const id of [
      "A.account.test",
      "A.test_first",
      "B.keys.test",
      "C.endpoint.test",
      "C.secret.test",
      "D.saved",
      "E.publishable",
      "E.products",
      "F.chain.test",
      "G.email",
    ]) {
      expect(find(checklist, id).status, id).toBe("fail");
    }
    expect(find(checklist, "B.keys.live").status).toBe("neutral");
    expect(find(checklist, "A.live_chosen").status).toBe("neutral");
    expect(find(checklist, "G.open").status).toBe("pass");
    // A local development domain is said to be one, neither green nor red.
    expect(find(checklist, "G.https")).toMatchObject({ status: "neutral", evidence: expect.stringContaining("local") });
    expect(checklist.redItems.length).toBeGreaterThanOrEqual(10);
    expect(checklist.launched).toBe(false);
    for (const c of checklist.sections.flatMap((s) => s.checks).filter((c) => c.status === "fail")) {
      expect(c.fix, `${c.id} has a link to fix it`).toBeDefined();
    }
  });

  it("B and A: green for keys of one account (named), red for a publishable key of another account", async () => {
    const { store, account, user } = await storeWithTestKeys();
    let checklist = await buildLaunchChecklist(store);
    expect(find(checklist, "B.keys.test")).toMatchObject({
      status: "pass",
      evidence: expect.stringContaining(account.id),
    });
    expect(find(checklist, "A.account.test")).toMatchObject({
      status: "pass",
      evidence: expect.stringContaining(account.id),
    });
    expect(find(checklist, "D.saved")).toMatchObject({ status: "pass", evidence: expect.stringContaining(user.email) });

    const other = await createSandboxAccount();
    await saveStripeSettings(store.id, { testPublishableKey: other.keys.test.publishable });
    checklist = await buildLaunchChecklist(store);
    expect(find(checklist, "B.keys.test")).toMatchObject({
      status: "fail",
      evidence: expect.stringContaining("does not belong to account"),
    });
    expect(find(checklist, "E.publishable").status).toBe("fail");
  });

  it("says 'could not check' for every Stripe check when Stripe cannot be reached: not green, not red", async () => {
    const { store } = await storeWithTestKeys();
    env.STRIPE_SANDBOX_URL = "http://127.0.0.1:9";
    const checklist = await buildLaunchChecklist(store);
    for (const id of ["A.account.test", "B.keys.test", "C.endpoint.test", "E.publishable"]) {
      expect(find(checklist, id), id).toMatchObject({
        status: "unknown",
        evidence: expect.stringMatching(/^Could not check \(/),
      });
    }
    expect(checklist.redItems.some((item) => item.startsWith("B."))).toBe(true);
  });

  describe("C: the webhook endpoint, read from Stripe with the owner's key", () => {
    it("is green for the endpoint 'Set up webhook for me' made", async () => {
      const { store } = await storeWithTestKeys();
      await setUpWebhookEndpoint(store, "test");
      const check = find(await buildLaunchChecklist(store), "C.endpoint.test");
      expect(check).toMatchObject({ status: "pass", evidence: expect.stringContaining(webhookUrl(store)) });
    });

    const wrongUrls: [string, (url: string, store: Store) => string, RegExp][] = [
      ["a missing trailing slash", (url) => url.replace(/\/$/, ""), /trailing slash is missing/],
      ["/api/ instead of /shop/", (url) => url.replace("/shop/", "/api/"), /\/api\/ instead of \/shop\//],
      ["another host", (url, store) => url.replace(store.subdomain, `${store.subdomain}x`), /another host/],
      ["https:// for http://", (url) => url.replace("http://", "https://"), /https:\/\/ instead of http:\/\//],
    ];
    for (const [name, wrong, message] of wrongUrls) {
      it(`is red and names ${name}`, async () => {
        const { store, account } = await storeWithTestKeys();
        await sandboxStripe(account.keys.test.secret).webhookEndpoints.create({
          url: wrong(webhookUrl(store), store),
          enabled_events: ["payment_intent.succeeded", "payment_intent.payment_failed"],
        });
        const check = find(await buildLaunchChecklist(store), "C.endpoint.test");
        expect(check.status).toBe("fail");
        expect(check.evidence).toMatch(message);
        expect(check.fix?.href).toBe("/admin/settings");
      });
    }

    it("is red for a disabled endpoint, and for one missing a required event", async () => {
      const { store, account } = await storeWithTestKeys();
      const stripe = sandboxStripe(account.keys.test.secret);
      const endpoint = await stripe.webhookEndpoints.create({
        url: webhookUrl(store),
        enabled_events: ["payment_intent.succeeded", "payment_intent.payment_failed"],
      });
      await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
      expect(find(await buildLaunchChecklist(store), "C.endpoint.test").evidence).toMatch(/is disabled in Stripe/);

      await stripe.webhookEndpoints.update(endpoint.id, { disabled: false, enabled_events: ["charge.refunded"] });
      const check = find(await buildLaunchChecklist(store), "C.endpoint.test");
      expect(check).toMatchObject({
        status: "fail",
        evidence: expect.stringMatching(/does not listen to payment_intent\.succeeded/),
      });
    });

    it("is red and names an endpoint created in the other mode", async () => {
      const { store, account } = await storeWithTestKeys();
      await saveStripeSettings(store.id, {
        livePublishableKey: account.keys.live.publishable,
        liveSecretKey: account.keys.live.secret,
      });
      await setUpWebhookEndpoint(store, "live");
      const checklist = await buildLaunchChecklist(store);
      expect(find(checklist, "C.endpoint.test")).toMatchObject({
        status: "fail",
        evidence: expect.stringMatching(/created in Live mode, not in Test mode/),
      });
      expect(find(checklist, "C.endpoint.live").status).toBe("pass");
    });
  });

  describe("C: the saved signing secret, proven by a delivery", () => {
    it("is red until a delivery is verified with it, green after, red again after a wrong-secret refusal", async () => {
      const { store, account } = await storeWithTestKeys();
      await setUpWebhookEndpoint(store, "test");
      expect(find(await buildLaunchChecklist(store), "C.secret.test")).toMatchObject({
        status: "fail",
        evidence: expect.stringContaining("no Test delivery has been verified"),
      });

      const { intent } = await payOnSandbox(store, account);
      expect((await deliverSucceeded(store, account, intent.id)).status).toBe(200);
      expect(find(await buildLaunchChecklist(store), "C.secret.test")).toMatchObject({
        status: "pass",
        evidence: expect.stringContaining("was verified with whsec_"),
      });

      await new Promise((resolve) => setTimeout(resolve, 5));
      await recordRefusal({
        storeId: store.id,
        code: "signature_mismatch",
        claims: { id: "evt_1", type: "payment_intent.succeeded", livemode: false },
        rawBody: "{}",
      });
      expect(find(await buildLaunchChecklist(store), "C.secret.test")).toMatchObject({
        status: "fail",
        evidence: expect.stringContaining("Signed with another secret"),
      });
    });
  });

  describe("F: the chain of the last test payment", () => {
    it("is green when Stripe, the order, the downloads and a 200 delivery all agree", async () => {
      const { store, account } = await storeWithTestKeys();
      await setUpWebhookEndpoint(store, "test");
      const { intent, order } = await payOnSandbox(store, account);
      await deliverSucceeded(store, account, intent.id);
      const checklist = await buildLaunchChecklist(store);
      const chain = find(checklist, "F.chain.test");
      expect(chain.status).toBe("pass");
      expect(chain.evidence).toMatch(
        new RegExp(
          `Payment ${intent.id} succeeded in Stripe → order ${order.id.slice(0, 8)} paid .* → 1 download link unlocked → webhook payment_intent.succeeded evt_\\w+ delivered and answered 200`,
        ),
      );
      expect(chain.links?.[0]?.href).toBe(`/admin/orders/${order.id}`);
      expect(find(checklist, "A.test_first").status).toBe("pass");
      expect(find(checklist, "E.products").status).toBe("pass");
    });

    it("is red when the order was repaired by Reconcile: the webhook was never proven", async () => {
      const { store, account } = await storeWithTestKeys();
      await payOnSandbox(store, account);
      await reconcileStore(store);
      const chain = find(await buildLaunchChecklist(store), "F.chain.test");
      expect(chain).toMatchObject({ status: "fail", evidence: expect.stringContaining("marked paid by Reconcile") });
      expect(chain.evidence).toContain("succeeded in Stripe");
    });
  });

  describe("E, G and D", () => {
    it("E is red without a published product and green with one", async () => {
      const { store } = await storeWithTestKeys();
      expect(find(await buildLaunchChecklist(store), "E.products").status).toBe("fail");
      const { product } = await createProductWithFile(store);
      const db = await getDb();
      await db.update(products).set({ status: "published" }).where(eq(products.id, product.id));
      expect(find(await buildLaunchChecklist(store), "E.products").status).toBe("pass");
    });

    it("G is red while paused and without a sent email, green when open and a mail went out", async () => {
      const { store } = await storeWithTestKeys();
      const db = await getDb();
      await db.update(stores).set({ pausedAt: new Date() }).where(eq(stores.id, store.id));
      let checklist = await buildLaunchChecklist(await freshStore(store));
      expect(find(checklist, "G.open")).toMatchObject({ status: "fail", fix: { href: "/admin/settings/store" } });
      expect(find(checklist, "G.email").status).toBe("fail");

      await db.update(stores).set({ pausedAt: null }).where(eq(stores.id, store.id));
      await db.insert(emailOutbox).values({
        storeId: store.id,
        kind: "test",
        toAddress: "owner@example.test",
        subject: "Test",
        html: "<p>Test</p>",
        text: "Test",
        status: "sent",
        sentAt: new Date(),
      });
      checklist = await buildLaunchChecklist(await freshStore(store));
      expect(find(checklist, "G.open").status).toBe("pass");
      expect(find(checklist, "G.email")).toMatchObject({
        status: "pass",
        evidence: expect.stringContaining("test email to owner@example.test"),
      });
    });

    it("D is red before any settings are saved (B's test sees who saved them)", async () => {
      const { store } = await createOwnerWithStore();
      expect(find(await buildLaunchChecklist(store), "D.saved").status).toBe("fail");
      const db = await getDb();
      const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, store.id));
      expect(row).toBeUndefined();
    });
  });

  it("checks Live too once Live keys are saved, and counts the store launched only with a paid live order", async () => {
    const { store, account } = await storeWithTestKeys();
    await saveStripeSettings(store.id, {
      livePublishableKey: account.keys.live.publishable,
      liveSecretKey: account.keys.live.secret,
    });
    const checklist = await buildLaunchChecklist(store);
    expect(find(checklist, "B.keys.live").status).toBe("pass");
    expect(find(checklist, "C.endpoint.live").status).toBe("fail");
    // Live deliveries can only be verified once the store is in Live mode.
    expect(find(checklist, "C.secret.live").status).toBe("fail");
    expect(checklist.launched).toBe(false);
  });
});
