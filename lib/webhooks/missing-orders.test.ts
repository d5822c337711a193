import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/db/schema";
import { env } from "@/lib/env";
import { reconcilePayment } from "@/lib/orders/reconcile";
import { webhookUrl } from "@/lib/stripe/connection";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { payOrderOnSandbox, sandboxEvent } from "@/test/sandbox-payments";
import { recordDelivery } from "./deliveries";
import { findPaymentsWithoutOrders } from "./missing-orders";
import { receiveWebhook } from "./receive";

const sandboxUrl = env.STRIPE_SANDBOX_URL;
afterEach(() => {
  env.STRIPE_SANDBOX_URL = sandboxUrl;
});

async function storeOnSandbox() {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    testWebhookSecret: `whsec_${"s".repeat(32)}`,
  });
  return { store, account };
}

/** A real checkout payment whose webhook never reached the store. */
async function paidWithoutWebhook(store: Store, account: SandboxAccount) {
  const { product } = await createProductWithFile(store, { priceAmount: 2500 });
  const { order, intent } = await payOrderOnSandbox(store, account, product.id);
  return { order, intent, event: await sandboxEvent(account, "payment_intent.succeeded", intent.id) };
}

describe("payments without an order", () => {
  it("finds a payment whose webhook never arrived, names the wrong URL, and Reconcile repairs it", async () => {
    const { store, account } = await storeOnSandbox();
    await sandboxStripe(account.keys.test.secret).webhookEndpoints.create({
      url: webhookUrl(store).replace(/\/$/, ""),
      enabled_events: ["payment_intent.succeeded", "payment_intent.payment_failed"],
    });
    const { order, intent, event } = await paidWithoutWebhook(store, account);

    const report = await findPaymentsWithoutOrders(store, "test");
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.payments).toHaveLength(1);
    expect(report.payments[0]).toMatchObject({
      paymentIntentId: intent.id,
      amount: 2500,
      order: { id: order.id, status: "pending" },
      eventId: event.id,
      cause: { code: "no_delivery", explanation: expect.stringContaining("trailing slash is missing") },
    });

    expect(await reconcilePayment(store, "test", intent.id)).toMatchObject({ ok: true, repair: { to: "paid" } });
    const after = await findPaymentsWithoutOrders(store, "test");
    expect(after).toMatchObject({ ok: true, payments: [] });
    expect(await reconcilePayment(store, "test", intent.id)).toMatchObject({ ok: false });
  });

  it("says a delivery was refused, with the diagnosis", async () => {
    const { store, account } = await storeOnSandbox();
    const { event } = await paidWithoutWebhook(store, account);
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: `whsec_${"w".repeat(32)}` });
    expect((await receiveWebhook(store, payload, header)).status).toBe(400);

    const report = await findPaymentsWithoutOrders(store, "test");
    expect(report.ok && report.payments[0]?.cause).toMatchObject({
      code: "refused",
      explanation: expect.stringContaining("Its delivery was refused: Signed with another secret"),
    });
  });

  it("says the delivery failed on our side", async () => {
    const { store, account } = await storeOnSandbox();
    const { event } = await paidWithoutWebhook(store, account);
    await recordDelivery({
      storeId: store.id,
      outcome: "failed",
      httpStatus: 500,
      diagnosisCode: "processing_error",
      diagnosis: "The event was verified but processing failed on our side.",
      stripeEventId: event.id,
      eventType: event.type,
      livemode: false,
      durationMs: 3,
    });
    const report = await findPaymentsWithoutOrders(store, "test");
    expect(report.ok && report.payments[0]?.cause).toMatchObject({
      code: "failed",
      explanation: expect.stringContaining("failed on our side"),
    });
  });

  it("lists a payment made outside this store's checkout as not matched, with nothing to repair", async () => {
    const { store, account } = await storeOnSandbox();
    const stripe = sandboxStripe(account.keys.test.secret);
    const intent = await stripe.paymentIntents.create({
      amount: 700,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    const report = await findPaymentsWithoutOrders(store, "test");
    expect(report.ok && report.payments).toEqual([
      expect.objectContaining({
        paymentIntentId: intent.id,
        order: null,
        cause: expect.objectContaining({ code: "not_matched" }),
      }),
    ]);
  });

  it("says it could not check when Stripe is unreachable", async () => {
    const { store } = await storeOnSandbox();
    env.STRIPE_SANDBOX_URL = "http://127.0.0.1:9";
    expect(await findPaymentsWithoutOrders(store, "test")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Could not reach Stripe"),
    });
  });
});
