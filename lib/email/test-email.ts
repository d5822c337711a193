import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { createElement } from "react";
import { emailOutbox, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { consumeThrottle, type ThrottleRule } from "@/lib/security/throttle";
import { findEmailSettingsRow, loadEmailCredentials } from "./credentials";
import { sendWithResend, type SendFailure } from "./sender";
import { renderEmail } from "./templates/render-email";
import { TestEmail } from "./templates/test-email";

/** Enough to try a fix or two, too few to mail anyone much: every send counts, per store. */
export const TEST_EMAIL_THROTTLE = {
  name: "test_email_store",
  points: 5,
  windowSeconds: 10 * 60,
  lockoutSeconds: 10 * 60,
} as const satisfies ThrottleRule;

export type TestEmailOutcome = { ok: boolean; message: string };

/**
 * "Send test email" in Dashboard Settings: sends a message to `to` (the signed-in member)
 * through the store's saved Resend settings, at once rather than through the outbox, and
 * answers with what Resend said. Each send is recorded in the store's email log as sent or
 * failed (never pending, so the outbox does not send it again on its own).
 */
export async function sendTestEmail(store: Pick<Store, "id" | "name">, to: string): Promise<TestEmailOutcome> {
  const credentials = await loadEmailCredentials(store.id);
  if ("problem" in credentials) return { ok: false, message: await missingSettingsMessage(store.id) };

  const verdict = await consumeThrottle([{ rule: TEST_EMAIL_THROTTLE, subject: store.id }], { storeId: store.id });
  if (!verdict.allowed) {
    const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
    return {
      ok: false,
      message: `A store can send ${TEST_EMAIL_THROTTLE.points} test emails every 10 minutes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }

  const id = randomUUID();
  const subject = `Test email from ${store.name}`.replace(/[\r\n]+/g, " ");
  const { html, text } = await renderEmail(createElement(TestEmail, { storeName: store.name, from: credentials.from }));
  const result = await sendWithResend(
    credentials.apiKey,
    { from: credentials.from, to, replyTo: credentials.replyTo, subject, html, text },
    `test-${id}`,
  );

  const db = await getDb();
  await db.insert(emailOutbox).values({
    id,
    storeId: store.id,
    kind: "test",
    toAddress: to,
    subject,
    html,
    text,
    dedupeKey: `test:${id}`,
    status: result.ok ? "sent" : "failed",
    attempts: 1,
    providerMessageId: result.ok ? result.providerMessageId : null,
    lastError: result.ok ? null : result.error,
    sentAt: result.ok ? new Date() : null,
  });

  if (result.ok) {
    return {
      ok: true,
      message: `Resend accepted it: id ${result.providerMessageId}. Look for “${subject}” in ${to} (and its spam folder).`,
    };
  }
  return { ok: false, message: `${explainSendFailure(result, credentials.from)} (${result.error})` };
}

/** What to fill in when the store's saved settings cannot send anything yet. */
async function missingSettingsMessage(storeId: string): Promise<string> {
  const row = await findEmailSettingsRow(storeId);
  if (!row?.resendApiKey) {
    return "No Resend settings are saved yet, so nothing was sent. Fill in the Resend API key and the From address, save, then send the test again.";
  }
  if (!row.fromAddress) {
    return "No From address is saved, so nothing was sent. Fill in a From address on a domain you verified in Resend, save, then send the test again.";
  }
  return "The saved Resend API key can no longer be read, so nothing was sent. Paste the key again, save, then send the test again.";
}

const KEY_ERRORS = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key", "invalid_access"]);
const LIMIT_ERRORS = new Set(["rate_limit_exceeded", "daily_quota_exceeded", "monthly_quota_exceeded"]);

/** Resend's refusal in the owner's terms: what went wrong and where to fix it. */
export function explainSendFailure(failure: Pick<SendFailure, "code" | "statusCode" | "error">, from: string): string {
  const { code, statusCode } = failure;
  const said = failure.error.toLowerCase();
  if (statusCode === null) {
    return "Resend could not be reached: no answer came back. Check that this server can reach api.resend.com, then try again.";
  }
  if (KEY_ERRORS.has(code) || statusCode === 401 || said.includes("api key")) {
    return "Resend refused the API key: it is mistyped, was deleted, or may not send email. Create a key with sending access in Resend → API Keys, paste it here and save.";
  }
  if (code === "invalid_from_address" || (said.includes("domain") && said.includes("verif"))) {
    return `Resend will not send from ${from}: its domain is not verified in your Resend account. Verify the domain in Resend → Domains, or save a From address on a verified domain.`;
  }
  if (LIMIT_ERRORS.has(code) || statusCode === 429) {
    return "Your Resend account has reached its sending limit for now. Try again later, or raise the limit in Resend.";
  }
  if (statusCode >= 500) {
    return "Resend had a problem on its side and did not send the message. Try again in a few minutes.";
  }
  return "Resend refused the message.";
}

export type LastSentStoreEmail = { kind: string; sentAt: Date; toAddress: string; id: string };

/** The store's latest receipt or test email that Resend accepted: proof that its mail goes out. */
export async function lastSentStoreEmail(storeId: string): Promise<LastSentStoreEmail | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      sentAt: emailOutbox.sentAt,
      toAddress: emailOutbox.toAddress,
    })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.storeId, storeId),
        eq(emailOutbox.status, "sent"),
        inArray(emailOutbox.kind, ["receipt", "test"]),
        isNotNull(emailOutbox.sentAt),
      ),
    )
    .orderBy(desc(emailOutbox.sentAt), desc(emailOutbox.id))
    .limit(1);
  if (!row?.sentAt) return null;
  return { id: row.id, kind: row.kind, sentAt: row.sentAt, toAddress: row.toAddress };
}
