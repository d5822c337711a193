import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import {
  downloadGrants,
  emailOutbox,
  orders,
  orderStatusChanges,
  users,
  webhookDeliveries,
  webhookEvents,
  webhookRefusals,
  type Store,
} from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createPendingOrderWithIntent, createProductWithFile, createStoreWithStripe } from "@/test/factories";
import { paymentIntent, refundedCharge, signed, stripeEvent, testSecret } from "@/test/stripe-events";
import { receiveWebhook } from "./receive";

// Lets one test make fulfilment throw once, as a bug or an outage would.
const failNextGrant = vi.hoisted(() => ({ armed: false }));
vi.mock("@/lib/downloads/grants", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/downloads/grants")>();
  return {
    ...original,
    createDownloadGrants: async (...args: Parameters<typeof original.createDownloadGrants>) => {
      if (failNextGrant.armed) {
        failNextGrant.armed = false;
        throw new Error("storage unavailable");
      }
      return original.createDownloadGrants(...args);
    },
  };
});

async function paidScenario() {
  const setup = await createStoreWithStripe();
  const { product } = await createProductWithFile(setup.store, { priceAmount: 2500 });
  const order = await createPendingOrderWithIntent(setup.store, product.id);
  const succeeded = stripeEvent(
    "payment_intent.succeeded",
    paymentIntent({ id: order.paymentIntentId, amount: 2500, orderId: order.id, status: "succeeded" }),
  );
  return { ...setup, product, order, succeeded };
}

/** Sends `event` to the store as Stripe would, signed with `secret`. */
function deliver(store: Store, event: Parameters<typeof signed>[0], secret: string) {
  const { rawBody, header } = signed(event, secret);
  return receiveWebhook(store, rawBody, header);
}

async function orderRow(store: Store, orderId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)));
  return row!;
}

async function countRows(
  table: typeof webhookEvents | typeof emailOutbox | typeof orderStatusChanges | typeof downloadGrants,
  storeId: string,
) {
  const db = await getDb();
  return (await db.select().from(table).where(eq(table.storeId, storeId))).length;
}

async function deliveriesOf(store: Store) {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.storeId, store.id));
}

async function refusalsOf(store: Store) {
  const db = await getDb();
  return db.select().from(webhookRefusals).where(eq(webhookRefusals.storeId, store.id));
}

describe("receiveWebhook: refusals", () => {
  it.each([
    ["missing_signature", "no Stripe-Signature header"],
    ["signature_mismatch", "does not match the Test Stripe Webhook Signing Secret"],
    ["signed_with_other_mode", "Signed with your Live secret while the store is in Test mode"],
    ["timestamp_outside_tolerance", "more than 5 minutes"],
    ["not_an_event", "not a Stripe event"],
    ["livemode_mismatch", "A Live event was signed with the secret saved under Test"],
  ] as const)("%s → 400 with a diagnosis, nothing processed", async (code, words) => {
    const { store, keys, order, succeeded } = await paidScenario();
    const body = (() => {
      switch (code) {
        case "missing_signature":
          return { rawBody: JSON.stringify(succeeded), header: null };
        case "signature_mismatch":
          return signed(succeeded, testSecret("whsec"));
        case "signed_with_other_mode":
          return signed(succeeded, keys.liveWebhookSecret);
        case "timestamp_outside_tolerance":
          return signed(succeeded, keys.testWebhookSecret, Math.floor(Date.now() / 1000) - 600);
        case "not_an_event":
          return signed(JSON.stringify({ hello: "world" }), keys.testWebhookSecret);
        case "livemode_mismatch":
          return signed({ ...succeeded, livemode: true }, keys.testWebhookSecret);
      }
    })();
    const response = await receiveWebhook(store, body.rawBody, body.header);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code, error: expect.stringContaining(words) });
    expect((await orderRow(store, order.id)).status).toBe("pending");
    expect(await countRows(webhookEvents, store.id)).toBe(0);
    expect(await countRows(emailOutbox, store.id)).toBe(0);
    // Refusals are counted apart from the verified deliveries (see refusals.test.ts).
    expect(await deliveriesOf(store)).toEqual([]);
    expect(await refusalsOf(store)).toMatchObject([{ diagnosisCode: code, count: 1 }]);
  });

  it("refuses a signed body that is not JSON", async () => {
    const { store, keys } = await paidScenario();
    const { rawBody, header } = signed("not json at all", keys.testWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({ status: 400, body: { code: "not_an_event" } });
  });

  it("explains a store with no signing secret for its active mode", async () => {
    const { store, keys, succeeded } = await paidScenario();
    await saveStripeSettings(store.id, { liveMode: false });
    const db = await getDb();
    const { storeStripeSettings } = await import("@/db/schema");
    await db
      .update(storeStripeSettings)
      .set({ testWebhookSecret: null, testWebhookSecretHint: null })
      .where(eq(storeStripeSettings.storeId, store.id));
    const { rawBody, header } = signed(succeeded, keys.testWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({
      status: 400,
      body: { code: "no_secret_for_active_mode" },
    });
  });

  it("never accepts store A's secret for store B", async () => {
    const a = await paidScenario();
    const b = await paidScenario();
    const forB = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: b.order.paymentIntentId, amount: 2500, orderId: b.order.id }),
    );
    const { rawBody, header } = signed(forB, a.keys.testWebhookSecret);
    expect(await receiveWebhook(b.store, rawBody, header)).toMatchObject({
      status: 400,
      body: { code: "signature_mismatch" },
    });
    expect((await orderRow(b.store, b.order.id)).status).toBe("pending");
  });
});

describe("receiveWebhook: processing", () => {
  it("marks the order paid, grants downloads and queues one receipt", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    const { rawBody, header } = signed(succeeded, keys.testWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({ status: 200, body: { outcome: "processed" } });
    const paid = await orderRow(store, order.id);
    expect(paid.status).toBe("paid");
    expect(paid.paidAt).not.toBeNull();
    expect(await countRows(downloadGrants, store.id)).toBe(1);
    expect(await countRows(emailOutbox, store.id)).toBe(1);
  });

  it("turns 20 concurrent deliveries of one event into one paid order and one receipt", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    const { rawBody, header } = signed(succeeded, keys.testWebhookSecret);
    const responses = await Promise.all(Array.from({ length: 20 }, () => receiveWebhook(store, rawBody, header)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    expect(responses.filter((r) => r.body.outcome === "duplicate")).toHaveLength(19);
    expect((await orderRow(store, order.id)).status).toBe("paid");
    expect(await countRows(webhookEvents, store.id)).toBe(1);
    expect(await countRows(emailOutbox, store.id)).toBe(1);
    expect(await countRows(downloadGrants, store.id)).toBe(1);
    const db = await getDb();
    const changes = await db
      .select()
      .from(orderStatusChanges)
      .where(and(eq(orderStatusChanges.orderId, order.id), eq(orderStatusChanges.toStatus, "paid")));
    expect(changes).toHaveLength(1);
  });

  it("keeps an order paid when a failure arrives after the success", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    const failed = stripeEvent(
      "payment_intent.payment_failed",
      paymentIntent({
        id: order.paymentIntentId,
        amount: 2500,
        orderId: order.id,
        status: "requires_payment_method",
        lastPaymentError: { message: "Your card was declined." },
      }),
    );
    for (const event of [succeeded, failed]) {
      const { rawBody, header } = signed(event, keys.testWebhookSecret);
      expect((await receiveWebhook(store, rawBody, header)).status).toBe(200);
    }
    expect((await orderRow(store, order.id)).status).toBe("paid");
  });

  it("records Stripe's message on a failed payment, and a later success still pays", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    const failed = stripeEvent(
      "payment_intent.payment_failed",
      paymentIntent({
        id: order.paymentIntentId,
        amount: 2500,
        orderId: order.id,
        status: "requires_payment_method",
        lastPaymentError: { message: "Your card has insufficient funds." },
      }),
    );
    await deliver(store, failed, keys.testWebhookSecret);
    expect(await orderRow(store, order.id)).toMatchObject({
      status: "failed",
      failureMessage: "Your card has insufficient funds.",
    });
    await deliver(store, succeeded, keys.testWebhookSecret);
    expect(await orderRow(store, order.id)).toMatchObject({ status: "paid", failureMessage: null });
  });

  it("does not pay an order when the amount or currency differs", async () => {
    const { store, keys, order } = await paidScenario();
    const cheap = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: order.paymentIntentId, amount: 100, orderId: order.id }),
    );
    const response = await deliver(store, cheap, keys.testWebhookSecret);
    expect(response).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect((await orderRow(store, order.id)).status).toBe("pending");
    const eur = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: order.paymentIntentId, amount: 2500, currency: "eur", orderId: order.id }),
    );
    await deliver(store, eur, keys.testWebhookSecret);
    expect((await orderRow(store, order.id)).status).toBe("pending");
  });

  it("never lets an event for another store's PaymentIntent change anything", async () => {
    const a = await paidScenario();
    const b = await paidScenario();
    // Signed correctly for B, but naming A's order and PaymentIntent.
    const event = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: a.order.paymentIntentId, amount: 2500, orderId: a.order.id }),
    );
    const response = await deliver(b.store, event, b.keys.testWebhookSecret);
    expect(response).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect((await orderRow(a.store, a.order.id)).status).toBe("pending");
    expect(await countRows(emailOutbox, a.store.id)).toBe(0);
  });

  it("acknowledges and stores event types it does not act on", async () => {
    const { store, keys } = await paidScenario();
    const event = stripeEvent("customer.created", { id: "cus_123", object: "customer" });
    const response = await deliver(store, event, keys.testWebhookSecret);
    expect(response).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await countRows(webhookEvents, store.id)).toBe(1);
  });

  it("answers 500 when processing throws, saves nothing, and the retry succeeds", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    const delivery = signed(succeeded, keys.testWebhookSecret);
    failNextGrant.armed = true;
    expect((await receiveWebhook(store, delivery.rawBody, delivery.header)).status).toBe(500);
    expect((await orderRow(store, order.id)).status).toBe("pending");
    expect(await countRows(webhookEvents, store.id)).toBe(0);
    expect(await countRows(emailOutbox, store.id)).toBe(0);
    expect(await receiveWebhook(store, delivery.rawBody, delivery.header)).toMatchObject({
      status: 200,
      body: { outcome: "processed" },
    });
    expect((await orderRow(store, order.id)).status).toBe("paid");
    expect((await deliveriesOf(store)).map((d) => d.outcome).sort()).toEqual(["failed", "processed"]);
  });

  it("applies a mode switch on the next delivery", async () => {
    const { store, user, keys, succeeded } = await paidScenario();
    // Live mode needs an owner whose address is verified.
    const db = await getDb();
    await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    const live = { ...succeeded, id: `${succeeded.id}_live`, livemode: true };
    expect(await deliver(store, live, keys.liveWebhookSecret)).toMatchObject({
      status: 400,
      body: { code: "signed_with_other_mode" },
    });
    await saveStripeSettings(store.id, { liveMode: true });
    expect(await deliver(store, live, keys.liveWebhookSecret)).toMatchObject({ status: 200 });
    expect(await deliver(store, succeeded, keys.testWebhookSecret)).toMatchObject({
      status: 400,
      body: {
        code: "signed_with_other_mode",
        error: expect.stringContaining("Signed with your Test secret while the store is in Live mode"),
      },
    });
  });

  it("records partial and full refunds, revoking downloads on the full one", async () => {
    const { store, keys, order, succeeded } = await paidScenario();
    await deliver(store, succeeded, keys.testWebhookSecret);
    const partial = stripeEvent(
      "charge.refunded",
      refundedCharge({ paymentIntentId: order.paymentIntentId, amount: 2500, amountRefunded: 1000 }),
    );
    await deliver(store, partial, keys.testWebhookSecret);
    expect(await orderRow(store, order.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 1000 });
    const db = await getDb();
    const grantsOf = () => db.select().from(downloadGrants).where(eq(downloadGrants.orderId, order.id));
    expect((await grantsOf()).every((g) => g.revokedAt === null)).toBe(true);
    const full = stripeEvent(
      "charge.refunded",
      refundedCharge({ paymentIntentId: order.paymentIntentId, amount: 2500, amountRefunded: 2500 }),
    );
    await deliver(store, full, keys.testWebhookSecret);
    expect(await orderRow(store, order.id)).toMatchObject({ status: "refunded", amountRefunded: 2500 });
    expect((await grantsOf()).every((g) => g.revokedAt !== null)).toBe(true);
  });
});

describe("receiveWebhook: bodies that cannot be stored or processed", () => {
  it.each([
    ["a raw NUL byte", '{"id":"evt_1"}\u0000'],
    ["an escaped NUL in the id", '{"id":"evt_\\u0000"}'],
    ["an escaped NUL deep inside", '{"id":"evt_1","object":"event","type":"x","data":{"object":{"name":"a\\u0000b"}}}'],
    ["a lone surrogate", '{"id":"evt_1","object":"event","type":"x","data":{"object":{"name":"\\ud800"}}}'],
    ["an id that is not an event id", '{"id":{"$ne":null}}'],
    ["a number for an id", '{"id":12}'],
    ["no id", '{"object":"event"}'],
    ["not JSON", "evt_1"],
    ["a JSON array", "[1]"],
    ["arrays nested 100,000 deep", `{"id":"evt_1","a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
  ])("signed, with %s → 400 not_an_event, nothing stored", async (_, rawBody) => {
    const { store, keys } = await paidScenario();
    const { header } = signed(rawBody, keys.testWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({
      status: 400,
      body: { code: "not_an_event", error: expect.stringContaining("not a Stripe event") },
    });
    expect(await countRows(webhookEvents, store.id)).toBe(0);
    expect(await refusalsOf(store)).toMatchObject([{ diagnosisCode: "not_an_event", count: 1 }]);
  });

  it.each([
    ["a raw NUL byte", '{"id":"evt_1"}\u0000'],
    ["an escaped NUL in the id", '{"id":"evt_\\u0000","type":"a\\u0000"}'],
    ["only a NUL", "\u0000"],
  ])("unsigned, with %s → 400 missing_signature", async (_, rawBody) => {
    const { store } = await paidScenario();
    expect(await receiveWebhook(store, rawBody, null)).toMatchObject({
      status: 400,
      body: { code: "missing_signature" },
    });
    expect(await refusalsOf(store)).toMatchObject([{ diagnosisCode: "missing_signature", count: 1 }]);
  });

  it.each([
    ["data: null", (event: Stripe.Event) => ({ ...event, data: null })],
    ["no data.object", (event: Stripe.Event) => ({ ...event, data: {} })],
    ["data.object: null", (event: Stripe.Event) => ({ ...event, data: { object: null } })],
  ])("a signed event with %s is stored as failed with a note and answered 200, once", async (_, strip) => {
    const { store, keys, order, succeeded } = await paidScenario();
    const delivery = signed(strip(succeeded) as unknown as Stripe.Event, keys.testWebhookSecret);
    const note = "The event has no data object; nothing to process.";
    expect(await receiveWebhook(store, delivery.rawBody, delivery.header)).toEqual({
      status: 200,
      body: { received: true, outcome: "failed" },
    });
    const db = await getDb();
    const [stored] = await db.select().from(webhookEvents).where(eq(webhookEvents.storeId, store.id));
    expect(stored).toMatchObject({ stripeEventId: succeeded.id, status: "failed", error: note });
    expect(await deliveriesOf(store)).toMatchObject([
      { outcome: "failed", httpStatus: 200, diagnosisCode: "no_data_object", diagnosis: note },
    ]);
    expect((await orderRow(store, order.id)).status).toBe("pending");
    // Stripe got a 200, so it stops; a resend of the same event changes nothing.
    expect(await receiveWebhook(store, delivery.rawBody, delivery.header)).toMatchObject({
      status: 200,
      body: { outcome: "duplicate" },
    });
    expect(await countRows(webhookEvents, store.id)).toBe(1);
  });
});
