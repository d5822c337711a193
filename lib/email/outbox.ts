import "server-only";
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { emailOutbox, type OutboxEmail } from "@/db/schema";
import { getDb, type Executor } from "@/lib/db";
import { log } from "@/lib/log";
import { sendWithResend } from "./sender";
import { loadEmailCredentials } from "./settings";

export type NewEmail = {
  storeId: string | null;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One mail per key, ever: enqueueing twice (a re-delivered webhook) does nothing. */
  dedupeKey: string;
};

/** Writes a mail into the outbox on the caller's transaction. Returns false if it was already there. */
export async function enqueueEmail(executor: Executor, mail: NewEmail): Promise<boolean> {
  const inserted = await executor
    .insert(emailOutbox)
    .values({ storeId: mail.storeId, kind: mail.kind, toAddress: mail.to, subject: mail.subject, html: mail.html, text: mail.text, dedupeKey: mail.dedupeKey })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return inserted.length > 0;
}

// Retry delays after the 1st, 2nd, … failure; then every hour until it is sent.
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];
export const backoffAfter = (attempts: number) => BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? 3_600_000;
// A claimed mail is leased for this long, so a crashed sender's mail is retried later.
const LEASE_MS = 120_000;
const HELD_MESSAGE = "No Resend API key and From address in Dashboard Settings; the mail is kept here and goes out once they are saved.";

export type ProcessReport = { sent: number; retried: number; held: number };

/**
 * Sends due mail. Rows are claimed in a short transaction with FOR UPDATE SKIP LOCKED
 * (attempts bumped, next attempt pushed out as a lease), then sent outside it, so
 * concurrent workers never send the same mail and a slow provider holds no locks.
 */
export async function processDueEmails(options: { limit?: number; now?: Date } = {}): Promise<ProcessReport> {
  const now = options.now ?? new Date();
  const db = await getDb();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(options.limit ?? 20)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(emailOutbox.id, due.map((d) => d.id)))
      .returning();
  });

  const report: ProcessReport = { sent: 0, retried: 0, held: 0 };
  for (const mail of claimed) {
    const outcome = await deliver(mail, now);
    report[outcome]++;
  }
  return report;
}

async function deliver(mail: OutboxEmail, now: Date): Promise<keyof ProcessReport> {
  const db = await getDb();
  const credentials = mail.storeId ? await loadEmailCredentials(mail.storeId) : null;
  if (!credentials) {
    await db.update(emailOutbox).set({ status: "held", lastError: HELD_MESSAGE, attempts: sql`${emailOutbox.attempts} - 1` }).where(eq(emailOutbox.id, mail.id));
    return "held";
  }
  const result = await sendWithResend(
    credentials.apiKey,
    { from: credentials.from, to: mail.toAddress, replyTo: credentials.replyTo, subject: mail.subject, html: mail.html, text: mail.text },
    `outbox-${mail.id}`,
  );
  if (result.ok) {
    await db.update(emailOutbox).set({ status: "sent", sentAt: new Date(), providerMessageId: result.providerMessageId, lastError: null }).where(eq(emailOutbox.id, mail.id));
    log.info({ storeId: mail.storeId, emailId: mail.id, kind: mail.kind, outcome: "sent" }, "email sent");
    return "sent";
  }
  const retryAt = new Date(now.getTime() + backoffAfter(mail.attempts));
  await db.update(emailOutbox).set({ lastError: result.error, nextAttemptAt: retryAt }).where(eq(emailOutbox.id, mail.id));
  log.warn({ storeId: mail.storeId, emailId: mail.id, attempts: mail.attempts, retryAt, error: result.error }, "email send failed; will retry");
  return "retried";
}

/** Puts the store's held mail back in the queue, due now (after a key was saved). */
export async function releaseHeldEmails(storeId: string): Promise<number> {
  const db = await getDb();
  const released = await db
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt: new Date(), lastError: null })
    .where(and(eq(emailOutbox.storeId, storeId), eq(emailOutbox.status, "held")))
    .returning({ id: emailOutbox.id });
  return released.length;
}

/** "Send now" from the email log: a pending or held mail becomes due at once. */
export async function retryEmailNow(storeId: string, emailId: string): Promise<boolean> {
  const db = await getDb();
  const updated = await db
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt: new Date() })
    .where(and(eq(emailOutbox.storeId, storeId), eq(emailOutbox.id, emailId), inArray(emailOutbox.status, ["pending", "held", "failed"])))
    .returning({ id: emailOutbox.id });
  return updated.length > 0;
}

export async function listEmails(storeId: string, limit = 100): Promise<OutboxEmail[]> {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.storeId, storeId)).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}
