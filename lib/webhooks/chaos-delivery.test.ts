import { and, eq, inArray, like } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { downloadGrants, emailOutbox, orders, orderStatusChanges, webhookDeliveries, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createPendingOrder } from "@/lib/orders/orders";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { payPendingOrder } from "@/test/sandbox-payments";
import { startStoreWebhookServer, type StoreWebhookServer } from "@/test/store-webhook-server";
import { HANDLED_EVENT_TYPES } from "./handlers";

/*
 * The store's webhook under Stripe's real delivery guarantees, which are none: the sandbox
 * delivers this account's events with chaos on (each at least once, some two or three
 * times, shuffled, several at once, some held past later ones). Real payments, refunds,
 * declines, Checkout Sessions and expiries go through Stripe (the sandbox); when every
 * delivery has settled, each order must be in exactly the state Stripe holds.
 *
 * The seed comes from SANDBOX_CHAOS_SEED, so a failure replays:
 *   SANDBOX_CHAOS_SEED=<n> DATABASE_URL=… npx vitest run lib/webhooks/chaos-delivery.test.ts
 * On Postgres the deliveries really run concurrently; on PGlite they serialize.
 */

const sandboxUrl = inject("stripeSandboxUrl");
const seed = Number(process.env.SANDBOX_CHAOS_SEED ?? 20261124);

let server: StoreWebhookServer;
let store: Store;
let account: SandboxAccount;
let stripe: Stripe;
let productId: string;

beforeAll(async () => {
  await getDb();
  const owner = await createOwnerWithStore();
  account = await createSandboxAccount();
  stripe = sandboxStripe(account.keys.test.secret);
  const { product } = await createProductWithFile(owner.store, { priceAmount: 1200 });
  productId = product.id;
  server = await startStoreWebhookServer(() => store);

  const endpoint = await stripe.webhookEndpoints.create({
    url: server.url,
    enabled_events: HANDLED_EVENT_TYPES,
  });
  await saveStripeSettings(owner.store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    testWebhookSecret: endpoint.secret!,
  });
  store = owner.store;
  const chaos = await fetch(`${sandboxUrl}/_sandbox/accounts/${account.id}/delivery`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode: "chaos", seed, window_ms: 150 }),
  });
  expect(chaos.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

async function openOrder() {
  return createPendingOrder(store.id, {
    mode: "test",
    email: "buyer@example.test",
    lines: [{ productId, quantity: 1 }],
  });
}

/** The Payment Element path: a PaymentIntent per order, confirmed with `paymentMethod`. */
async function payWithIntent(paymentMethod: string) {
  const order = await openOrder();
  return { orderId: order.id, paymentIntentId: await payPendingOrder(stripe, store, order, paymentMethod) };
}

/** The hosted Checkout path: a session per order, paid (or left to expire). */
async function payWithCheckout(outcome: "paid" | "expired") {
  const order = await openOrder();
  const metadata = { order_id: order.id, store_id: store.id };
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "File" } } }],
    client_reference_id: order.id,
    metadata,
    payment_intent_data: { metadata },
    success_url: "https://shop.example.test/done",
  });
  const db = await getDb();
  await db.update(orders).set({ checkoutSessionId: session.id }).where(eq(orders.id, order.id));
  if (outcome === "expired") {
    await stripe.checkout.sessions.expire(session.id);
    return { orderId: order.id, paymentIntentId: null };
  }
  await stripe.rawRequest("POST", `/v1/payment_pages/${session.id}/confirm`, { payment_method: "pm_card_visa" });
  const paid = await stripe.checkout.sessions.retrieve(session.id);
  return { orderId: order.id, paymentIntentId: paid.payment_intent as string };
}

/** What the order must be, read from Stripe once everything happened. */
async function stripeState(paymentIntentId: string | null, expired: boolean) {
  if (!paymentIntentId) return { status: expired ? "canceled" : "pending", amountRefunded: 0 };
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  if (intent.status !== "succeeded")
    return { status: intent.last_payment_error ? "failed" : "pending", amountRefunded: 0 };
  const refunded = (intent.latest_charge as Stripe.Charge).amount_refunded;
  const status = refunded === 0 ? "paid" : refunded >= intent.amount ? "refunded" : "partially_refunded";
  return { status, amountRefunded: refunded };
}

describe(`the store's webhook under delivery chaos (seed ${seed})`, () => {
  it("every order ends in the state Stripe holds, fulfilled exactly once", async () => {
    const made: { orderId: string; paymentIntentId: string | null; expired: boolean }[] = [];
    const note = (payment: { orderId: string; paymentIntentId: string | null }, expired = false) =>
      made.push({ ...payment, expired });

    for (let round = 0; round < 2; round++) {
      note(await payWithIntent("pm_card_visa"));
      const refundedInFull = await payWithIntent("pm_card_visa");
      await stripe.refunds.create({ payment_intent: refundedInFull.paymentIntentId });
      note(refundedInFull);
      const refundedInSteps = await payWithIntent("pm_card_visa");
      await stripe.refunds.create({ payment_intent: refundedInSteps.paymentIntentId, amount: 300 });
      await stripe.refunds.create({ payment_intent: refundedInSteps.paymentIntentId, amount: 400 });
      note(refundedInSteps);
      const retried = await payWithIntent("pm_card_chargeDeclined");
      await stripe.paymentIntents.confirm(retried.paymentIntentId, { payment_method: "pm_card_visa" });
      note(retried);
      note(await payWithIntent("pm_card_chargeDeclinedInsufficientFunds"));
      const checkout = await payWithCheckout("paid");
      note(checkout);
      const checkoutRefunded = await payWithCheckout("paid");
      await stripe.refunds.create({ payment_intent: checkoutRefunded.paymentIntentId! });
      note(checkoutRefunded);
      note(await payWithCheckout("expired"), true);
    }

    // Every delivery answered, duplicates and held ones included.
    const idle = await fetch(`${sandboxUrl}/_sandbox/webhooks/idle`, { method: "POST" });
    expect(idle.status).toBe(200);

    const db = await getDb();
    for (const { orderId, paymentIntentId, expired } of made) {
      const expected = await stripeState(paymentIntentId, expired);
      const [order] = await db
        .select()
        .from(orders)
        .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)));
      const grants = await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId));
      const paidChanges = await db
        .select()
        .from(orderStatusChanges)
        .where(and(eq(orderStatusChanges.orderId, orderId), eq(orderStatusChanges.toStatus, "paid")));
      const receipts = await db
        .select()
        .from(emailOutbox)
        .where(like(emailOutbox.dedupeKey, `receipt:${orderId}%`));
      const wasPaid = ["paid", "partially_refunded", "refunded"].includes(expected.status);
      expect({ orderId, status: order!.status, amountRefunded: order!.amountRefunded }).toEqual({
        orderId,
        ...expected,
      });
      expect({ orderId, paidTransitions: paidChanges.length, grants: grants.length }).toEqual({
        orderId,
        paidTransitions: wasPaid ? 1 : 0,
        grants: wasPaid ? 1 : 0,
      });
      expect(grants.filter((grant) => grant.revokedAt === null)).toHaveLength(
        expected.status === "paid" || expected.status === "partially_refunded" ? 1 : 0,
      );
      expect(receipts.length).toBeLessThanOrEqual(1);
    }

    // No delivery failed on our side, and chaos really happened: repeats and reordering.
    expect(server.traffic.statuses.filter((status) => status !== 200)).toEqual([]);
    const recorded = await db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.storeId, store.id), inArray(webhookDeliveries.outcome, ["duplicate"])));
    expect(recorded.length).toBeGreaterThan(0);
    const created: string[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) {
      if ((HANDLED_EVENT_TYPES as string[]).includes(event.type)) created.unshift(event.id);
    }
    const firstArrivals = server.traffic.arrivals.filter((id, index) => server.traffic.arrivals.indexOf(id) === index);
    expect(new Set(firstArrivals)).toEqual(new Set(created));
    expect(firstArrivals).not.toEqual(created);
    expect(server.traffic.maxInFlight).toBeGreaterThan(1);
  });
});
