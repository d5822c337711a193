import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { downloadGrants, emailOutbox, orders, storeStripeSettings, type PaymentMode, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createPendingOrderWithIntent, createProductWithFile, createStoreWithStripe } from "@/test/factories";
import { postgresUrl, waitUntilBlocked, watcher } from "@/test/overlap";
import { paymentIntent, signed, stripeEvent } from "@/test/stripe-events";
import { receiveWebhook } from "./receive";

// Lets the overlap test hold the delivery that stored the event inside its transaction.
const hold = vi.hoisted(() => ({ eventId: "", whileOpen: async (pid: number) => void pid }));
vi.mock("./handlers", async (importOriginal) => {
  const original = await importOriginal<typeof import("./handlers")>();
  return {
    ...original,
    handleEvent: async (ctx: Parameters<typeof original.handleEvent>[0]) => {
      if (ctx.event.id === hold.eventId) {
        // node-postgres answers `{ rows }`; the driver-neutral type does not say so.
        const result = (await ctx.tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
          rows: { pid: number }[];
        };
        await hold.whileOpen(Number(result.rows[0]?.pid));
      }
      return original.handleEvent(ctx);
    },
  };
});

// Opening and migrating the database takes a while on a busy machine: not in a test's time.
beforeAll(() => getDb());

/** Switches the store's active mode directly, as the settings form would once allowed to. */
async function setActiveMode(store: Store, mode: PaymentMode) {
  const db = await getDb();
  await db
    .update(storeStripeSettings)
    .set({ liveMode: mode === "live" })
    .where(eq(storeStripeSettings.storeId, store.id));
}

async function orderState(store: Store, orderId: string) {
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)));
  const grants = await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId));
  const receipts = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.dedupeKey, `receipt:${orderId}`));
  return { status: order?.status, paidAt: order?.paidAt ?? null, grants: grants.length, receipts: receipts.length };
}

const UNPAID = { status: "pending", paidAt: null, grants: 0, receipts: 0 };

/** A correctly signed payment_intent.succeeded in `mode` for the order, for its exact amount. */
function succeededFor(order: { id: string; paymentIntentId: string }, mode: PaymentMode) {
  return stripeEvent(
    "payment_intent.succeeded",
    paymentIntent({ id: order.paymentIntentId, amount: 2500, orderId: order.id, status: "succeeded" }),
    mode === "live",
  );
}

describe("a payment in one mode never pays an order of the other", () => {
  it("a live event for a test-mode order leaves it unpaid", async () => {
    const { store, keys } = await createStoreWithStripe();
    const { product } = await createProductWithFile(store, { priceAmount: 2500 });
    const testOrder = await createPendingOrderWithIntent(store, product.id, "test");
    const liveOrder = await createPendingOrderWithIntent(store, product.id, "live");
    await setActiveMode(store, "live");

    const { rawBody, header } = signed(succeededFor(testOrder, "live"), keys.liveWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await orderState(store, testOrder.id)).toEqual(UNPAID);

    // The same kind of event pays the live order it names.
    const live = signed(succeededFor(liveOrder, "live"), keys.liveWebhookSecret);
    expect(await receiveWebhook(store, live.rawBody, live.header)).toMatchObject({ body: { outcome: "processed" } });
    expect(await orderState(store, liveOrder.id)).toMatchObject({ status: "paid", grants: 1, receipts: 1 });
  });

  it("a test event for a live-mode order leaves it unpaid", async () => {
    const { store, keys } = await createStoreWithStripe();
    const { product } = await createProductWithFile(store, { priceAmount: 2500 });
    const liveOrder = await createPendingOrderWithIntent(store, product.id, "live");
    const testOrder = await createPendingOrderWithIntent(store, product.id, "test");
    await setActiveMode(store, "test");

    const { rawBody, header } = signed(succeededFor(liveOrder, "test"), keys.testWebhookSecret);
    expect(await receiveWebhook(store, rawBody, header)).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await orderState(store, liveOrder.id)).toEqual(UNPAID);

    const test = signed(succeededFor(testOrder, "test"), keys.testWebhookSecret);
    expect(await receiveWebhook(store, test.rawBody, test.header)).toMatchObject({ body: { outcome: "processed" } });
    expect(await orderState(store, testOrder.id)).toMatchObject({ status: "paid", grants: 1, receipts: 1 });
  });
});

describe.runIf(postgresUrl)("concurrent deliveries of one event, on Postgres", () => {
  it("really overlap: every other delivery waits on the first one's open transaction, then is a duplicate", async () => {
    const { store, keys } = await createStoreWithStripe();
    const { product } = await createProductWithFile(store, { priceAmount: 2500 });
    const order = await createPendingOrderWithIntent(store, product.id, "test");
    const event = succeededFor(order, "test");
    const { rawBody, header } = signed(event, keys.testWebhookSecret);
    const deliveries = 8;
    const client = await watcher();
    const held: (number | string)[] = [];
    hold.eventId = event.id;
    // The delivery that stored the event keeps its transaction open until all the others
    // are waiting on it: they are in flight at the same moment, not one after another.
    hold.whileOpen = async (pid) => {
      hold.eventId = "";
      held.push(await waitUntilBlocked(client, pid, deliveries - 1, 10_000).catch((error: Error) => error.message));
    };
    try {
      const responses = await Promise.all(
        Array.from({ length: deliveries }, () => receiveWebhook(store, rawBody, header)),
      );
      expect(held).toEqual([deliveries - 1]);
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: deliveries }, () => 200));
      expect(responses.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
      expect(responses.filter((r) => r.body.outcome === "duplicate")).toHaveLength(deliveries - 1);
      expect(await orderState(store, order.id)).toMatchObject({ status: "paid", grants: 1, receipts: 1 });
    } finally {
      hold.eventId = "";
      await client.end();
    }
  });
});
