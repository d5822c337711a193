import { and, asc, eq, like } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { downloadGrants, emailOutbox, orders, orderStatusChanges, webhookEvents, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createPendingOrder } from "@/lib/orders/orders";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { payPendingOrder } from "@/test/sandbox-payments";
import { testSecret } from "@/test/stripe-events";
import { receiveWebhook } from "./receive";

/*
 * Stripe delivers events late, twice and out of order. Whatever the order of arrival, an
 * order must end in the state Stripe holds: these tests make real payments on the sandbox,
 * take the events Stripe (the sandbox) recorded, and deliver them in every order.
 */

const WEBHOOK_SECRET = testSecret("whsec");

async function sandboxStore(options: { readWith?: SandboxAccount } = {}) {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  // `readWith`: the store's saved key belongs to another account, so reading its payments fails.
  const reader = options.readWith ?? account;
  await saveStripeSettings(store.id, {
    testPublishableKey: reader.keys.test.publishable,
    testSecretKey: reader.keys.test.secret,
    testWebhookSecret: WEBHOOK_SECRET,
  });
  const { product } = await createProductWithFile(store, { priceAmount: 2000 });
  const stripe = sandboxStripe(account.keys.test.secret);

  async function openOrder() {
    return createPendingOrder(store.id, {
      mode: "test",
      email: "buyer@example.test",
      lines: [{ productId: product.id, quantity: 1 }],
    });
  }

  /** A pending order paid with `paymentMethod` on the sandbox, as the Payment Element checkout does. */
  async function pay(paymentMethod = "pm_card_visa") {
    const order = await openOrder();
    const intentId = await payPendingOrder(stripe, store, order, paymentMethod);
    return { order, intent: await stripe.paymentIntents.retrieve(intentId, { expand: ["latest_charge"] }) };
  }

  /** The sandbox's events about `objectId`, oldest first. */
  async function eventsAbout(objectId: string, type: string): Promise<Stripe.Event[]> {
    const list = await stripe.events.list({ type, limit: 100 });
    return list.data.filter((event) => (event.data.object as { id?: string }).id === objectId).reverse();
  }

  return { store, account, stripe, product, openOrder, pay, eventsAbout };
}

/** Sends one event to the store's webhook as Stripe would, signed with its saved secret. */
async function deliver(store: Store, event: Stripe.Event) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const answer = await receiveWebhook(store, payload, header);
  expect(answer.status).toBe(200);
  return answer;
}

async function orderState(storeId: string, orderId: string) {
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)));
  const grants = await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId));
  const timeline = await db
    .select()
    .from(orderStatusChanges)
    .where(eq(orderStatusChanges.orderId, orderId))
    .orderBy(asc(orderStatusChanges.createdAt), asc(orderStatusChanges.id));
  const receipts = await db
    .select()
    .from(emailOutbox)
    .where(like(emailOutbox.dedupeKey, `receipt:${orderId}%`));
  return {
    status: order!.status,
    amountRefunded: order!.amountRefunded,
    liveGrants: grants.filter((grant) => grant.revokedAt === null).length,
    grants: grants.length,
    paidTransitions: timeline.filter((change) => change.toStatus === "paid").length,
    receipts: receipts.length,
  };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("events arriving out of order", () => {
  it("a full refund that arrives before the success leaves the order refunded with its downloads revoked", async () => {
    const shop = await sandboxStore();
    const { order, intent } = await shop.pay();
    const chargeId = (intent.latest_charge as Stripe.Charge).id;
    await shop.stripe.refunds.create({ payment_intent: intent.id });

    const [refunded] = await shop.eventsAbout(chargeId, "charge.refunded");
    const [succeeded] = await shop.eventsAbout(intent.id, "payment_intent.succeeded");
    const first = await deliver(shop.store, refunded!);
    expect(first.body.outcome).toBe("processed");
    await deliver(shop.store, succeeded!);

    expect(await orderState(shop.store.id, order.id)).toEqual({
      status: "refunded",
      amountRefunded: 2000,
      liveGrants: 0,
      grants: 1,
      paidTransitions: 1,
      // Refunded in full before the store heard of the payment: no receipt with dead links.
      receipts: 0,
    });
    const db = await getDb();
    const [stored] = await db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.storeId, shop.store.id), eq(webhookEvents.stripeEventId, refunded!.id)));
    expect(stored?.error).toMatch(/refund arrived before the payment's success/);
  });

  it("success, partial refund and full refund converge to refunded in every order of arrival", async () => {
    const shop = await sandboxStore();
    const orders = permutations(["succeeded", "partial", "full"] as const);
    for (const arrival of orders) {
      const { order, intent } = await shop.pay();
      await shop.stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
      await shop.stripe.refunds.create({ payment_intent: intent.id });
      const chargeId = (intent.latest_charge as Stripe.Charge).id;
      const [partial, full] = await shop.eventsAbout(chargeId, "charge.refunded");
      const [succeeded] = await shop.eventsAbout(intent.id, "payment_intent.succeeded");
      const byName = { succeeded: succeeded!, partial: partial!, full: full! };
      for (const name of arrival) await deliver(shop.store, byName[name]);

      expect({ arrival, ...(await orderState(shop.store.id, order.id)) }).toMatchObject({
        arrival,
        status: "refunded",
        amountRefunded: 2000,
        liveGrants: 0,
        paidTransitions: 1,
      });
    }
  });

  it("a partial refund that arrives first leaves the order partially refunded with its downloads", async () => {
    const shop = await sandboxStore();
    const { order, intent } = await shop.pay();
    await shop.stripe.refunds.create({ payment_intent: intent.id, amount: 700 });
    const [refunded] = await shop.eventsAbout((intent.latest_charge as Stripe.Charge).id, "charge.refunded");
    const [succeeded] = await shop.eventsAbout(intent.id, "payment_intent.succeeded");
    await deliver(shop.store, refunded!);
    await deliver(shop.store, succeeded!);
    await deliver(shop.store, refunded!);

    expect(await orderState(shop.store.id, order.id)).toEqual({
      status: "partially_refunded",
      amountRefunded: 700,
      liveGrants: 1,
      grants: 1,
      paidTransitions: 1,
      receipts: 1,
    });
  });

  it("a declined attempt and the later success converge to paid in either order", async () => {
    const shop = await sandboxStore();
    for (const failureFirst of [true, false]) {
      const { order, intent } = await shop.pay("pm_card_chargeDeclined");
      expect(intent.status).toBe("requires_payment_method");
      await shop.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
      const [failed] = await shop.eventsAbout(intent.id, "payment_intent.payment_failed");
      const [succeeded] = await shop.eventsAbout(intent.id, "payment_intent.succeeded");
      for (const event of failureFirst ? [failed!, succeeded!] : [succeeded!, failed!])
        await deliver(shop.store, event);

      expect(await orderState(shop.store.id, order.id)).toMatchObject({
        status: "paid",
        liveGrants: 1,
        paidTransitions: 1,
        receipts: 1,
      });
    }
  });

  it("a Checkout payment is fulfilled once from checkout.session.completed and payment_intent.succeeded, in either order and twice over", async () => {
    const shop = await sandboxStore();
    for (const sessionFirst of [true, false]) {
      const order = await shop.openOrder();
      const metadata = { order_id: order.id, store_id: shop.store.id };
      const session = await shop.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [
          { quantity: 1, price_data: { currency: order.currency, unit_amount: 2000, product_data: { name: "File" } } },
        ],
        client_reference_id: order.id,
        metadata,
        payment_intent_data: { metadata },
        success_url: "https://shop.example.test/done",
      });
      const db = await getDb();
      await db.update(orders).set({ checkoutSessionId: session.id }).where(eq(orders.id, order.id));
      await shop.stripe.rawRequest("POST", `/v1/payment_pages/${session.id}/confirm`, {
        payment_method: "pm_card_visa",
      });
      const paid = await shop.stripe.checkout.sessions.retrieve(session.id);
      const [completed] = await shop.eventsAbout(session.id, "checkout.session.completed");
      const [succeeded] = await shop.eventsAbout(paid.payment_intent as string, "payment_intent.succeeded");
      const arrival = sessionFirst ? [completed!, succeeded!] : [succeeded!, completed!];
      for (const event of [...arrival, ...arrival]) await deliver(shop.store, event);

      expect(await orderState(shop.store.id, order.id)).toEqual({
        status: "paid",
        amountRefunded: 0,
        liveGrants: 1,
        grants: 1,
        paidTransitions: 1,
        receipts: 1,
      });
    }
  });

  it("when Stripe cannot be read, a refund that arrives first is applied from the charge it carries", async () => {
    // The store's saved key belongs to another sandbox account: retrieving the payment fails.
    const stranger = await createSandboxAccount();
    const shop = await sandboxStore({ readWith: stranger });
    const { order, intent } = await shop.pay();
    await shop.stripe.refunds.create({ payment_intent: intent.id });
    const [refunded] = await shop.eventsAbout((intent.latest_charge as Stripe.Charge).id, "charge.refunded");
    const answer = await deliver(shop.store, refunded!);
    expect(answer.body.outcome).toBe("processed");

    expect(await orderState(shop.store.id, order.id)).toMatchObject({
      status: "refunded",
      amountRefunded: 2000,
      liveGrants: 0,
    });
    const db = await getDb();
    const [stored] = await db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.storeId, shop.store.id), eq(webhookEvents.stripeEventId, refunded!.id)));
    expect(stored?.error).toMatch(/Stripe could not be read .*applied as sent/);
  });
});
