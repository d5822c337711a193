import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sendTestEmailAction } from "@/app/s/[store]/admin/settings/actions";
import { emailOutbox, type Store, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { storeHost } from "@/lib/tenancy/host";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { enqueueEmail, processDueEmails } from "./outbox";
import { saveEmailSettings } from "./settings";
import { explainSendFailure, lastSentStoreEmail, sendTestEmail, TEST_EMAIL_THROTTLE } from "./test-email";

// The stand-in must listen before lib/env reads RESEND_BASE_URL, i.e. before the imports above.
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  return standIn;
});
afterAll(() => resend.close());
// The embedded database starts here, under the hook's time limit rather than the first test's.
beforeAll(() => getDb());

vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

afterEach(() => {
  resend.setFailing(false);
  fakeRequest.host = "";
  fakeRequest.user = null;
});

const RESEND_KEY = "re_Abcdefghijklmnopqrstuvwxyz";

async function ownerWithResend() {
  const owner = await createOwnerWithStore();
  await saveEmailSettings(owner.store.id, {
    resendApiKey: RESEND_KEY,
    fromAddress: "Shop <receipts@shop.example.test>",
    replyTo: "help@shop.example.test",
  });
  return owner;
}

/** The action as the browser calls it, on `store`'s host, signed in as `user`. */
function clickSendTestEmail(store: Store, user: User) {
  fakeRequest.host = storeHost(store.subdomain, env.ROOT_DOMAIN);
  fakeRequest.cookies = new Map();
  fakeRequest.user = user;
  return sendTestEmailAction({});
}

async function emailLog(storeId: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.storeId, storeId));
}

describe("Send test email", () => {
  it("sends to the signed-in owner through the store's own Resend settings, shows the message id and logs it as sent", async () => {
    const { store, user } = await ownerWithResend();
    const result = await clickSendTestEmail(store, user);
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const [row, ...others] = await emailLog(store.id);
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({
      kind: "test",
      status: "sent",
      toAddress: user.email,
      subject: `Test email from ${store.name}`,
      lastError: null,
      attempts: 1,
    });
    expect(row?.providerMessageId).toMatch(/^email_\d+$/);
    expect(result.data).toEqual({
      ok: true,
      message: expect.stringContaining(`Resend accepted it: id ${row?.providerMessageId}.`),
    });

    const delivered = resend.received.find((m) => m.idempotencyKey === `test-${row?.id}`);
    expect(delivered).toMatchObject({
      apiKey: RESEND_KEY,
      from: "Shop <receipts@shop.example.test>",
      to: user.email,
      reply_to: "help@shop.example.test",
      subject: `Test email from ${store.name}`,
    });
    expect(delivered?.text).toContain("Your email settings work");
    expect(delivered?.html).toContain("Your email settings work");

    expect(await lastSentStoreEmail(store.id)).toEqual({
      id: row?.id,
      kind: "test",
      toAddress: user.email,
      sentAt: row?.sentAt,
    });
    // Logged as sent, not queued: the outbox has nothing to send again.
    const before = resend.requests();
    expect(await processDueEmails({ storeId: store.id })).toEqual({ sent: 0, retried: 0, held: 0 });
    expect(resend.requests()).toBe(before);
  });

  it("shows Resend's refusal in plain words and logs the send as failed", async () => {
    const { store, user } = await ownerWithResend();
    resend.setFailing(true);
    const outcome = await sendTestEmail(store, user.email);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("Resend had a problem on its side and did not send the message.");
    expect(outcome.message).toContain("500 internal_server_error");

    const [row] = await emailLog(store.id);
    expect(row).toMatchObject({ kind: "test", status: "failed", providerMessageId: null, sentAt: null });
    expect(row?.lastError).toContain("500 internal_server_error");
    expect(await lastSentStoreEmail(store.id)).toBeNull();
  });

  it("without saved Resend settings says what to fill in, and sends and logs nothing", async () => {
    const { store, user } = await createOwnerWithStore();
    const before = resend.requests();
    const result = await clickSendTestEmail(store, user);
    expect(result).toEqual({
      ok: true,
      data: { ok: false, message: expect.stringContaining("No Resend settings are saved yet, so nothing was sent.") },
    });
    expect(result.ok && result.data.message).toContain("Resend API key and the From address");
    expect(resend.requests()).toBe(before);
    expect(await emailLog(store.id)).toHaveLength(0);
  });

  it("refuses the owner of another store, before anything is sent", async () => {
    const { store } = await ownerWithResend();
    const stranger = await createOwnerWithStore();
    await saveEmailSettings(stranger.store.id, { resendApiKey: RESEND_KEY, fromAddress: "b@example.test" });
    const before = resend.requests();
    expect(await clickSendTestEmail(store, stranger.user)).toEqual({
      ok: false,
      formError: "You are not a member of this store.",
      fieldErrors: {},
    });
    expect(resend.requests()).toBe(before);
    expect(await emailLog(store.id)).toHaveLength(0);
    expect(await emailLog(stranger.store.id)).toHaveLength(0);
  });

  it(`allows ${TEST_EMAIL_THROTTLE.points} test emails per store in 10 minutes, then asks to wait`, async () => {
    const { store, user } = await ownerWithResend();
    const before = resend.requests();
    for (let i = 0; i < TEST_EMAIL_THROTTLE.points; i++) {
      expect((await sendTestEmail(store, user.email)).ok).toBe(true);
    }
    const refused = await sendTestEmail(store, user.email);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining("Try again in 10 minutes.") });
    expect(resend.requests() - before).toBe(TEST_EMAIL_THROTTLE.points);
    expect(await emailLog(store.id)).toHaveLength(TEST_EMAIL_THROTTLE.points);

    // Another store's button is not affected.
    const other = await ownerWithResend();
    expect((await sendTestEmail(other.store, other.user.email)).ok).toBe(true);
  });
});

describe("explainSendFailure", () => {
  const from = "Shop <receipts@shop.example.test>";

  it("tells a refused key, an unverified domain and an unreachable Resend apart", () => {
    expect(
      explainSendFailure(
        { code: "validation_error", statusCode: 401, error: "Resend 401 validation_error: API key is invalid" },
        from,
      ),
    ).toMatch(/^Resend refused the API key.*Resend → API Keys/);
    expect(
      explainSendFailure(
        {
          code: "validation_error",
          statusCode: 403,
          error:
            "Resend 403 validation_error: The shop.example.test domain is not verified. Please, add and verify your domain on https://resend.com/domains",
        },
        from,
      ),
    ).toBe(
      `Resend will not send from ${from}: its domain is not verified in your Resend account. Verify the domain in Resend → Domains, or save a From address on a verified domain.`,
    );
    expect(
      explainSendFailure(
        {
          code: "application_error",
          statusCode: null,
          error: "Resend (no response) application_error: Unable to fetch data. The request could not be resolved.",
        },
        from,
      ),
    ).toMatch(/^Resend could not be reached/);
    expect(
      explainSendFailure(
        { code: "rate_limit_exceeded", statusCode: 429, error: "Resend 429 rate_limit_exceeded: Too many requests" },
        from,
      ),
    ).toMatch(/sending limit/);
  });
});

describe("lastSentStoreEmail", () => {
  it("is the store's latest sent receipt or test email, ignoring other kinds, unsent mail and other stores", async () => {
    const { store } = await createOwnerWithStore();
    const other = await createOwnerWithStore();
    expect(await lastSentStoreEmail(store.id)).toBeNull();

    const db = await getDb();
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));
    const mail = (storeId: string, kind: string, tag: string) => ({
      storeId,
      kind,
      to: `${tag}@example.test`,
      subject: tag,
      html: "<p>x</p>",
      text: "x",
      dedupeKey: `${tag}:${storeId}`,
    });
    await enqueueEmail(db, mail(store.id, "receipt", "older-receipt"));
    await enqueueEmail(db, mail(store.id, "test", "newer-test"));
    await enqueueEmail(db, mail(store.id, "password_reset", "newest-other-kind"));
    await enqueueEmail(db, mail(store.id, "receipt", "failed-receipt"));
    await enqueueEmail(db, mail(other.store.id, "receipt", "other-store"));
    const mark = (tag: string, storeId: string, status: "sent" | "failed", sentAt: Date | null) =>
      db
        .update(emailOutbox)
        .set({ status, sentAt })
        .where(eq(emailOutbox.dedupeKey, `${tag}:${storeId}`));
    await mark("older-receipt", store.id, "sent", at(1));
    await mark("newer-test", store.id, "sent", at(2));
    await mark("newest-other-kind", store.id, "sent", at(3));
    await mark("failed-receipt", store.id, "failed", null);
    await mark("other-store", other.store.id, "sent", at(4));

    expect(await lastSentStoreEmail(store.id)).toMatchObject({
      kind: "test",
      toAddress: "newer-test@example.test",
      sentAt: at(2),
    });
    expect(await lastSentStoreEmail(other.store.id)).toMatchObject({ kind: "receipt", sentAt: at(4) });
  });
});
