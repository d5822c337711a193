import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { fulfillPaidOrder } from "@/lib/orders/fulfillment";
import { createPendingOrderWithIntent, createProductWithFile, createStoreWithStripe } from "@/test/factories";
import { saveEmailSettings } from "./settings";
import { kickOutbox, startOutboxWorker, stopOutboxWorker } from "./worker";

// The stand-in must listen before lib/env reads RESEND_BASE_URL, i.e. before the imports above.
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  return standIn;
});

// On Postgres every test file shares one database: the worker here must send only this
// file's mail, never another file's queue. Its passes are limited to this file's store.
const scope = vi.hoisted(() => ({ storeId: "00000000-0000-0000-0000-000000000000" }));
vi.mock("./outbox", async (importOriginal) => {
  const original = await importOriginal<typeof import("./outbox")>();
  return {
    ...original,
    processDueEmails: (options: Parameters<typeof original.processDueEmails>[0] = {}) =>
      original.processDueEmails({ ...options, storeId: options.storeId ?? scope.storeId }),
  };
});

const RESEND_KEY = "re_Abcdefghijklmnopqrstuvwxyz";

beforeAll(async () => {
  await getDb();
  // Polls once an hour: within this test only kickOutbox() can make it send.
  startOutboxWorker({ intervalMs: 3_600_000 });
  await kickOutbox();
});
afterAll(async () => {
  stopOutboxWorker();
  await resend.close();
});

describe("the outbox worker", () => {
  it("sends a queued receipt through Resend once, after kickOutbox", async () => {
    const { store } = await createStoreWithStripe();
    scope.storeId = store.id;
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "receipts@example.test" });
    const { product } = await createProductWithFile(store, { priceAmount: 2500 });
    const pending = await createPendingOrderWithIntent(store, product.id);
    const db = await getDb();
    const [order] = await db.select().from(orders).where(eq(orders.id, pending.id));

    // Paid as the webhook pays it (the receipt is queued in the same transaction), without the webhook's own kick.
    const paid = await db.transaction((tx) =>
      fulfillPaidOrder(tx, store, order!, {
        amount: 2500,
        currency: "usd",
        mode: "test",
        paymentIntentId: pending.paymentIntentId,
        reason: "Payment succeeded",
      }),
    );
    expect(paid).toMatchObject({ status: "paid" });
    const [receipt] = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.storeId, store.id), eq(emailOutbox.dedupeKey, `receipt:${pending.id}`)));
    expect(receipt).toMatchObject({ status: "pending", attempts: 0 });
    const before = resend.requests();
    expect(resend.received.filter((m) => m.idempotencyKey === `outbox-${receipt!.id}`)).toEqual([]);

    await kickOutbox();

    const delivered = resend.received.filter((m) => m.idempotencyKey === `outbox-${receipt!.id}`);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      to: pending.email,
      apiKey: RESEND_KEY,
      subject: expect.stringContaining("[TEST]"),
    });
    expect(resend.requests() - before).toBe(1);
    const [sent] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, receipt!.id));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });

    // More kicks, even at once, never send it again.
    await Promise.all([kickOutbox(), kickOutbox(), kickOutbox()]);
    expect(resend.requests() - before).toBe(1);
  });
});
