import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { receiveWebhook } from "@/lib/webhooks/receive";
import {
  createOwnerWithStore,
  createPendingOrderWithIntent,
  createProductWithFile,
  createStoreWithStripe,
} from "@/test/factories";
import { paymentIntent, signed, stripeEvent } from "@/test/stripe-events";
import { backoffAfter, enqueueEmail, getEmail, listEmails, processDueEmails, retryEmailNow } from "./outbox";
import { saveEmailSettings } from "./settings";

// The stand-in must listen before lib/env reads RESEND_BASE_URL, i.e. before the imports above.
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  return standIn;
});
afterAll(() => resend.close());

// Every run below is limited to the test's own store: on Postgres, test files share one database.
const RESEND_KEY = "re_Abcdefghijklmnopqrstuvwxyz";
const SECOND = 1000;
const nothing = { sent: 0, retried: 0, held: 0 };
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
// Postgres stamps rows in microseconds, Date counts milliseconds: "now" in a test is a second ahead.
const soon = () => at(new Date(), SECOND);

async function mailRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  if (!row) throw new Error(`no mail ${id}`);
  return row;
}

async function queue(storeId: string, dedupeKey = `test:${crypto.randomUUID()}`, subject = "Hello") {
  const db = await getDb();
  await enqueueEmail(db, {
    storeId,
    kind: "test",
    to: "buyer@example.test",
    subject,
    html: "<p>Hi</p>",
    text: "Hi",
    dedupeKey,
  });
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, dedupeKey));
  if (!row) throw new Error("not queued");
  return row;
}

async function storeWithResend(settings: { fromAddress?: string; replyTo?: string } = {}) {
  const { store } = await createOwnerWithStore();
  await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "receipts@example.test", ...settings });
  return store;
}

const receivedBy = (idempotencyKeys: string[]) =>
  resend.received.filter((m) => idempotencyKeys.includes(m.idempotencyKey ?? ""));

describe("email outbox", () => {
  it("enqueues one mail per dedupe key", async () => {
    const { store } = await createOwnerWithStore();
    const db = await getDb();
    const mail = {
      storeId: store.id,
      kind: "test",
      to: "a@example.test",
      subject: "s",
      html: "h",
      text: "t",
      dedupeKey: `once:${store.id}`,
    };
    expect(await enqueueEmail(db, mail)).toBe(true);
    expect(await enqueueEmail(db, { ...mail, subject: "another" })).toBe(false);
    expect((await listEmails(store.id)).rows).toHaveLength(1);
  });

  it("holds mail while the store has no Resend key, and sends it once a key is saved", async () => {
    const { store } = await createOwnerWithStore();
    const mail = await queue(store.id);
    expect(await processDueEmails({ storeId: store.id, now: soon() })).toEqual({ ...nothing, held: 1 });
    expect(await mailRow(mail.id)).toMatchObject({
      status: "held",
      attempts: 0,
      lastError: "No Resend API key in Dashboard Settings; the mail is kept here.",
    });
    expect(await processDueEmails({ storeId: store.id, now: at(new Date(), 3600 * SECOND) })).toEqual(nothing);

    await saveEmailSettings(store.id, {
      resendApiKey: RESEND_KEY,
      fromAddress: "Shop <shop@example.test>",
      replyTo: "owner@example.test",
    });
    expect(await mailRow(mail.id)).toMatchObject({ status: "pending", lastError: null });
    expect(await processDueEmails({ storeId: store.id, now: soon() })).toEqual({ ...nothing, sent: 1 });

    const sent = await mailRow(mail.id);
    expect(sent).toMatchObject({
      status: "sent",
      attempts: 1,
      lastError: null,
      providerMessageId: expect.stringMatching(/^email_/),
    });
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(receivedBy([`outbox-${mail.id}`])).toEqual([
      {
        from: "Shop <shop@example.test>",
        to: "buyer@example.test",
        subject: "Hello",
        html: "<p>Hi</p>",
        text: "Hi",
        reply_to: "owner@example.test",
        apiKey: RESEND_KEY,
        idempotencyKey: `outbox-${mail.id}`,
      },
    ]);
  });

  it("keeps a mail pending with backoff while the provider answers 500, and sends it exactly once when it recovers", async () => {
    const store = await storeWithResend();
    const mail = await queue(store.id);
    const t0 = at(new Date(), SECOND);
    const requestsBefore = resend.requests();

    resend.setFailing(true);
    try {
      expect(await processDueEmails({ storeId: store.id, now: t0 })).toEqual({ ...nothing, retried: 1 });
      const failed = await mailRow(mail.id);
      expect(failed).toMatchObject({
        status: "pending",
        attempts: 1,
        sentAt: null,
        lastError: expect.stringContaining("Resend 500"),
      });
      expect(failed.lastError).not.toContain(RESEND_KEY);
      expect(failed.nextAttemptAt).toEqual(at(t0, 30 * SECOND));

      // Not due yet: nothing is claimed and the provider hears nothing.
      expect(await processDueEmails({ storeId: store.id, now: at(t0, 10 * SECOND) })).toEqual(nothing);
      expect(resend.requests()).toBe(requestsBefore + 1);

      // Still down at the retry: the wait grows.
      const t1 = at(t0, 31 * SECOND);
      expect(await processDueEmails({ storeId: store.id, now: t1 })).toEqual({ ...nothing, retried: 1 });
      expect(await mailRow(mail.id)).toMatchObject({
        status: "pending",
        attempts: 2,
        nextAttemptAt: at(t1, 120 * SECOND),
      });
    } finally {
      resend.setFailing(false);
    }

    const t2 = at(t0, 31 * SECOND + 121 * SECOND);
    expect(await processDueEmails({ storeId: store.id, now: t2 })).toEqual({ ...nothing, sent: 1 });
    expect(await mailRow(mail.id)).toMatchObject({ status: "sent", attempts: 3, lastError: null, sentAt: t2 });
    expect(await processDueEmails({ storeId: store.id, now: at(t2, 86_400 * SECOND) })).toEqual(nothing);
    expect(resend.requests()).toBe(requestsBefore + 3);
    expect(receivedBy([`outbox-${mail.id}`])).toHaveLength(1);
  });

  it("waits 30 s, 2 min, 10 min, 30 min, then every hour, forever", () => {
    expect([1, 2, 3, 4, 5, 6, 100].map(backoffAfter)).toEqual(
      [30, 120, 600, 1800, 3600, 3600, 3600].map((s) => s * SECOND),
    );
  });

  it("answers the webhook and keeps the order paid while the provider is down; the receipt goes out once it recovers", async () => {
    const { store, keys } = await createStoreWithStripe();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "receipts@example.test" });
    const { product } = await createProductWithFile(store, { priceAmount: 900 });
    const order = await createPendingOrderWithIntent(store, product.id);
    const event = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: order.paymentIntentId, amount: 900, orderId: order.id }),
    );
    const { rawBody, header } = signed(event, keys.testWebhookSecret);
    const db = await getDb();

    resend.setFailing(true);
    try {
      expect((await receiveWebhook(store, rawBody, header)).status).toBe(200);
      expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]?.status).toBe("paid");
      expect(await processDueEmails({ storeId: store.id, now: soon() })).toEqual({ ...nothing, retried: 1 });
    } finally {
      resend.setFailing(false);
    }
    const [receipt] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `receipt:${order.id}`));
    if (!receipt) throw new Error("no receipt queued");
    expect(receipt).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("Resend 500") });

    expect(await processDueEmails({ storeId: store.id, now: at(new Date(), 31 * SECOND) })).toEqual({
      ...nothing,
      sent: 1,
    });
    expect(await processDueEmails({ storeId: store.id, now: at(new Date(), 86_400 * SECOND) })).toEqual(nothing);
    const delivered = receivedBy([`outbox-${receipt.id}`]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ to: order.email, subject: expect.stringContaining("[TEST]") });
    expect(delivered[0]?.text).toContain("/downloads/");
  });

  it("never sends a mail twice when several runs process the queue at once", async () => {
    const store = await storeWithResend();
    const mails = [];
    for (let i = 0; i < 12; i++) mails.push(await queue(store.id));
    const keys = mails.map((m) => `outbox-${m.id}`);
    const requestsBefore = resend.requests();
    const now = at(new Date(), SECOND);

    const reports = await Promise.all(
      Array.from({ length: 4 }, () => processDueEmails({ storeId: store.id, limit: 5, now })),
    );
    const rest = await processDueEmails({ storeId: store.id, limit: 20, now });

    expect(reports.reduce((sum, r) => sum + r.sent, rest.sent)).toBe(12);
    expect(resend.requests() - requestsBefore).toBe(12);
    expect(receivedBy(keys)).toHaveLength(12);
    for (const mail of mails) expect(await mailRow(mail.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("sends a waiting mail at once on 'Send now', only for its own store", async () => {
    const store = await storeWithResend();
    const other = await createOwnerWithStore();
    const mail = await queue(store.id);
    resend.setFailing(true);
    try {
      await processDueEmails({ storeId: store.id, now: soon() });
    } finally {
      resend.setFailing(false);
    }
    expect(await processDueEmails({ storeId: store.id, now: soon() })).toEqual(nothing);

    expect(await retryEmailNow(other.store.id, mail.id)).toBe(false);
    expect(await retryEmailNow(store.id, mail.id)).toBe(true);
    expect(await processDueEmails({ storeId: store.id, now: soon() })).toEqual({ ...nothing, sent: 1 });
    expect(await retryEmailNow(store.id, mail.id)).toBe(false);
  });

  it("lists a store's mail newest first and shows no other store's mail", async () => {
    const { store } = await createOwnerWithStore();
    const other = await createOwnerWithStore();
    const first = await queue(store.id, undefined, "First");
    const second = await queue(store.id, undefined, "Second");
    const foreign = await queue(other.store.id, undefined, "Foreign");

    const log = (await listEmails(store.id)).rows;
    expect(log.map((m) => m.subject)).toEqual(["Second", "First"]);
    expect(log[0]).not.toHaveProperty("html");
    expect(await getEmail(store.id, first.id)).toMatchObject({ id: first.id, html: "<p>Hi</p>", text: "Hi" });
    expect(await getEmail(store.id, foreign.id)).toBeNull();
    expect(second.id).not.toBe(first.id);
  });
});
