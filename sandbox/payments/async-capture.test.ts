import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  publishableCall,
  startTestSandbox,
  startWebhookReceiver,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";

let sandbox: TestSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function freshAccount(): Promise<{ account: TestAccount; stripe: Stripe }> {
  const account = await sandbox.createAccount();
  return { account, stripe: sandbox.stripe(account.keys.test.secret) };
}

/** A server-side card payment that needs no return_url: redirect-based methods are off. */
function payByCard(stripe: Stripe, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return stripe.paymentIntents.create({
    amount: 2000,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    expand: ["latest_charge"],
    ...extra,
  });
}

async function eventsOf(stripe: Stripe, type: string): Promise<Stripe.Event[]> {
  return (await stripe.events.list({ type, limit: 100 })).data;
}

describe("capture_method", () => {
  it("defaults to automatic_async and echoes what was sent", async () => {
    const { stripe } = await freshAccount();
    const plain = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    expect(plain.capture_method).toBe("automatic_async");
    for (const method of ["automatic", "automatic_async", "manual"] as const) {
      const intent = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", capture_method: method });
      expect(intent.capture_method).toBe(method);
    }
    const updated = await stripe.paymentIntents.update(plain.id, { capture_method: "manual" });
    expect(updated.capture_method).toBe("manual");
  });

  it("automatic_async: the charge has no balance transaction in the answer and the success events, then charge.updated sets it", async () => {
    const { stripe } = await freshAccount();
    const intent = await payByCard(stripe);
    expect(intent.status).toBe("succeeded");
    const answered = intent.latest_charge as Stripe.Charge;
    expect(answered).toMatchObject({ status: "succeeded", captured: true, balance_transaction: null });

    const succeeded = (await eventsOf(stripe, "charge.succeeded"))[0];
    expect((succeeded?.data.object as Stripe.Charge).balance_transaction).toBeNull();
    const intentSucceeded = (await eventsOf(stripe, "payment_intent.succeeded"))[0];
    expect((intentSucceeded?.data.object as Stripe.PaymentIntent).latest_charge).toBe(answered.id);

    // By the time the caller has read the answer, the balance transaction exists.
    const charge = await stripe.charges.retrieve(answered.id, { expand: ["balance_transaction"] });
    const transaction = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(transaction.id).toMatch(/^txn_/);
    expect(transaction).toMatchObject({
      object: "balance_transaction",
      amount: 2000,
      fee: 88,
      net: 1912,
      currency: "usd",
      status: "pending",
      type: "charge",
      reporting_category: "charge",
      source: answered.id,
    });
    expect(await stripe.balanceTransactions.retrieve(transaction.id)).toMatchObject({ id: transaction.id, net: 1912 });

    const updates = await eventsOf(stripe, "charge.updated");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.data.object).toMatchObject({ id: answered.id, balance_transaction: transaction.id });
    expect(updates[0]?.data.previous_attributes).toEqual({ balance_transaction: null });
    // Stripe's own later work, not the confirm request's.
    expect(updates[0]?.request).toEqual({ id: null, idempotency_key: null });
    const order = (await stripe.events.list({ limit: 10 })).data.map((event) => event.type);
    expect(order.slice(0, 3)).toEqual(["charge.updated", "payment_intent.succeeded", "charge.succeeded"]);
  });

  it("automatic_async: deliveriesSettled() covers the delayed charge.updated webhook", async () => {
    const { stripe } = await freshAccount();
    const path = `/async/${Date.now()}`;
    await stripe.webhookEndpoints.create({
      url: `${receiver.url}${path}`,
      enabled_events: ["charge.succeeded", "charge.updated"],
    });
    const intent = await payByCard(stripe);
    await sandbox.sandbox.deliveriesSettled();
    const delivered = receiver.received
      .filter((request) => request.path === path)
      .map((request) => JSON.parse(request.body) as Stripe.Event);
    expect(delivered.map((event) => event.type)).toEqual(["charge.succeeded", "charge.updated"]);
    const [succeeded, updated] = delivered.map((event) => event.data.object as Stripe.Charge);
    expect(succeeded?.balance_transaction).toBeNull();
    expect(updated?.id).toBe((intent.latest_charge as Stripe.Charge).id);
    expect(updated?.balance_transaction).toMatch(/^txn_/);
  });

  it("automatic_async also applies to confirms made by Stripe.js", async () => {
    const { account, stripe } = await freshAccount();
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: "usd" });
    const confirmed = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "POST",
      `/v1/payment_intents/${intent.id}/confirm`,
      {
        client_secret: intent.client_secret,
        payment_method: "pm_card_visa",
        return_url: "https://shop.example/return",
        expand: ["latest_charge"],
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.latest_charge).toMatchObject({ balance_transaction: null });
    const updates = await eventsOf(stripe, "charge.updated");
    expect(updates[0]?.data.object).toMatchObject({ balance_transaction: expect.stringMatching(/^txn_/) });
  });

  it("automatic: the balance transaction is there at once and no charge.updated follows", async () => {
    const { stripe } = await freshAccount();
    const intent = await payByCard(stripe, { capture_method: "automatic" });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge.balance_transaction).toMatch(/^txn_/);
    expect((await eventsOf(stripe, "charge.succeeded"))[0]?.data.object).toMatchObject({
      balance_transaction: charge.balance_transaction,
    });
    await sandbox.sandbox.deliveriesSettled();
    expect(await eventsOf(stripe, "charge.updated")).toEqual([]);
  });

  it("manual: the balance transaction comes with the capture, without charge.updated", async () => {
    const { stripe } = await freshAccount();
    const intent = await payByCard(stripe, { capture_method: "manual" });
    expect(intent.status).toBe("requires_capture");
    expect((intent.latest_charge as Stripe.Charge).balance_transaction).toBeNull();
    const captured = await stripe.paymentIntents.capture(intent.id, { expand: ["latest_charge"] });
    expect((captured.latest_charge as Stripe.Charge).balance_transaction).toMatch(/^txn_/);
    await sandbox.sandbox.deliveriesSettled();
    expect(await eventsOf(stripe, "charge.updated")).toEqual([]);
  });
});
