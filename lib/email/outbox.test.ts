import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { emailOutbox, orders, storeEmailSettings } from "@/db/schema";
import { getDb } from "@/lib/db";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { createOwnerWithStore, createPendingOrderWithIntent, createProductWithFile, createStoreWithStripe } from "@/test/factories";
import { paymentIntent, signed, stripeEvent } from "@/test/stripe-events";
import { enqueueEmail, processDueEmails } from "./outbox";
import { getEmailSettingsView, saveEmailSettings } from "./settings";

// The stand-in must exist before lib/env reads RESEND_BASE_URL.
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  return standIn;
});

const RESEND_KEY = "re_Abcdefghijklmnopqrstuvwxyz";
const later = (ms: number) => new Date(Date.now() + ms);

async function mailRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row!;
}

async function queue(storeId: string, dedupeKey = `test:${Math.random()}`) {
  const db = await getDb();
  await enqueueEmail(db, { storeId, kind: "test", to: "buyer@example.test", subject: "Hello", html: "<p>Hi</p>", text: "Hi", dedupeKey });
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, dedupeKey));
  return row!;
}

describe("email outbox", () => {
  it("enqueues once per dedupe key", async () => {
    const { store } = await createOwnerWithStore();
    const db = await getDb();
    const mail = { storeId: store.id, kind: "test", to: "a@example.test", subject: "s", html: "h", text: "t", dedupeKey: `once:${store.id}` };
    expect(await enqueueEmail(db, mail)).toBe(true);
    expect(await enqueueEmail(db, mail)).toBe(false);
  });

  it("holds mail while the store has no Resend key, and sends it once one is saved", async () => {
    const { store } = await createOwnerWithStore();
    const mail = await queue(store.id);
    await processDueEmails();
    expect(await mailRow(mail.id)).toMatchObject({ status: "held", lastError: expect.stringContaining("No Resend API key") });
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "Shop <shop@example.test>", replyTo: "owner@example.test" });
    await processDueEmails();
    expect(await mailRow(mail.id)).toMatchObject({ status: "sent", providerMessageId: expect.stringMatching(/^email_/) });
    expect(resend.received.at(-1)).toMatchObject({ from: "Shop <shop@example.test>", to: "buyer@example.test", subject: "Hello", reply_to: "owner@example.test" });
  });

  it("keeps the order paid while the mail provider is down, and sends the receipt once when it recovers", async () => {
    const { store, keys } = await createStoreWithStripe();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "receipts@example.test" });
    const { product } = await createProductWithFile(store, { priceAmount: 900 });
    const order = await createPendingOrderWithIntent(store, product.id);
    const event = stripeEvent("payment_intent.succeeded", paymentIntent({ id: order.paymentIntentId, amount: 900, orderId: order.id }));
    const { rawBody, header } = signed(event, keys.testWebhookSecret);

    resend.setFailing(true);
    expect((await receiveWebhook(store, rawBody, header)).status).toBe(200);
    const db = await getDb();
    expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]?.status).toBe("paid");
    const [receipt] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `receipt:${order.id}`));
    const sentBefore = resend.received.length;

    expect(await processDueEmails()).toMatchObject({ retried: 1 });
    const failed = await mailRow(receipt!.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("Resend") });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await processDueEmails()).toEqual({ sent: 0, retried: 0, held: 0 });

    resend.setFailing(false);
    expect(await processDueEmails({ now: later(31_000) })).toMatchObject({ sent: 1 });
    expect(await mailRow(receipt!.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(await processDueEmails({ now: later(3_600_000) })).toEqual({ sent: 0, retried: 0, held: 0 });
    const delivered = resend.received.slice(sentBefore);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ to: order.email, subject: expect.stringContaining("[TEST]") });
    expect(delivered[0]?.text).toContain(`/downloads/`);
  });

  it("never sends one mail twice when workers run concurrently", async () => {
    const { store } = await createOwnerWithStore();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "receipts@example.test" });
    const mails = await Promise.all(Array.from({ length: 8 }, (_, i) => queue(store.id, `concurrent:${store.id}:${i}`)));
    const before = resend.received.length;
    const reports = await Promise.all(Array.from({ length: 4 }, () => processDueEmails({ limit: 3 })));
    const again = await processDueEmails({ limit: 20 });
    const sent = reports.reduce((sum, r) => sum + r.sent, again.sent);
    expect(sent).toBe(8);
    expect(resend.received.length - before).toBe(8);
    expect(new Set(resend.received.slice(before).map((m) => m.idempotencyKey)).size).toBe(8);
    for (const mail of mails) expect((await mailRow(mail.id)).status).toBe("sent");
  });
});

describe("email settings", () => {
  it("encrypt the API key, show it masked, keep it when left blank, and reject a bad From", async () => {
    const { store } = await createOwnerWithStore();
    await saveEmailSettings(store.id, { resendApiKey: RESEND_KEY, fromAddress: "shop@example.test" });
    const db = await getDb();
    const [row] = await db.select().from(storeEmailSettings).where(eq(storeEmailSettings.storeId, store.id));
    expect(JSON.stringify(row)).not.toContain(RESEND_KEY);
    expect(await getEmailSettingsView(store.id)).toEqual({ fromAddress: "shop@example.test", replyTo: null, resendApiKeyHint: "re_…wxyz" });
    await saveEmailSettings(store.id, { fromAddress: "Shop <new@example.test>" });
    expect((await getEmailSettingsView(store.id)).resendApiKeyHint).toBe("re_…wxyz");
    await expect(saveEmailSettings(store.id, { fromAddress: "not an address" })).rejects.toMatchObject({
      fieldErrors: { fromAddress: expect.stringContaining("receipts@yourdomain.com") },
    });
    await expect(saveEmailSettings(store.id, { resendApiKey: "sk_test_123" })).rejects.toMatchObject({
      fieldErrors: { resendApiKey: expect.stringContaining("starts with re_") },
    });
  });
});
