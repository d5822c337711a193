import "server-only";
import { and, asc, desc, eq, inArray, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import { emailOutbox, type OutboxEmail } from "@/db/schema";
import { getDb, type Executor } from "@/lib/db";
import { log } from "@/lib/log";
import { afterCursor, cursorAt, PAGE_SIZE, toPage, type Cursor, type Page } from "@/lib/pagination";
import { loadEmailCredentials, platformEmailCredentials } from "./credentials";
import { SEND_TIMEOUT_MS, sendWithResend } from "./sender";

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

/**
 * Writes a mail into the outbox, normally on the transaction of whatever caused it, so the
 * mail exists exactly when its cause committed. Returns false if the key was already there.
 */
export async function enqueueEmail(executor: Executor, mail: NewEmail): Promise<boolean> {
  const inserted = await executor
    .insert(emailOutbox)
    .values({
      storeId: mail.storeId,
      kind: mail.kind,
      toAddress: mail.to,
      // A line break in a subject would be a header injection in some transports.
      subject: mail.subject.replace(/[\r\n]+/g, " "),
      html: mail.html,
      text: mail.text,
      dedupeKey: mail.dedupeKey,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return inserted.length > 0;
}

// Wait after the 1st, 2nd, … failed attempt; after that every hour, until the mail is sent.
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
const BACKOFF_CAP_MS = 3_600_000;

export function backoffAfter(attempts: number): number {
  return BACKOFF_MS[Math.max(1, Math.min(attempts, BACKOFF_MS.length)) - 1] ?? BACKOFF_CAP_MS;
}

const DEFAULT_BATCH = 20;

export type ProcessReport = { sent: number; retried: number; held: number };

export type ProcessOptions = {
  /** How many due mails one run claims (default 20). */
  limit?: number;
  /** The clock, injectable so tests move through backoff without sleeping. */
  now?: Date;
  /** Only this store's mail ("Send now", and tests sharing one Postgres database); null: only platform mail. */
  storeId?: string | null;
};

/**
 * Sends the due mail. Rows are claimed in a short transaction with FOR UPDATE SKIP LOCKED
 * (attempts bumped, next attempt pushed out as a lease), sent with no transaction open,
 * then the outcome is recorded. Concurrent runs never claim the same row, and a sender that
 * dies mid-run only delays its mail until the lease ends. A failure is retried with
 * backoff, forever; a store without settings gets its mail held in the email log.
 */
export async function processDueEmails(options: ProcessOptions = {}): Promise<ProcessReport> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? DEFAULT_BATCH;
  // The batch is sent one mail at a time, so the lease must outlast all of it.
  const lease = new Date(now.getTime() + limit * SEND_TIMEOUT_MS + 60_000);
  const claimed = await claimDueEmails({ now, limit, lease, storeId: options.storeId });

  const report: ProcessReport = { sent: 0, retried: 0, held: 0 };
  for (const mail of claimed) {
    try {
      report[await deliver(mail, now)]++;
    } catch (error) {
      // A database hiccup while recording: the lease expires and the mail is tried again.
      log.error({ err: error, emailId: mail.id, storeId: mail.storeId }, "email delivery could not be recorded");
    }
  }
  return report;
}

async function claimDueEmails(args: {
  now: Date;
  limit: number;
  lease: Date;
  storeId?: string | null;
}): Promise<OutboxEmail[]> {
  const db = await getDb();
  const conditions: SQL[] = [eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, args.now)];
  if (args.storeId !== undefined) {
    conditions.push(args.storeId === null ? isNull(emailOutbox.storeId) : eq(emailOutbox.storeId, args.storeId));
  }
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(...conditions))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(args.limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: args.lease })
      .where(
        inArray(
          emailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

async function deliver(mail: OutboxEmail, now: Date): Promise<keyof ProcessReport> {
  const db = await getDb();
  // Matches only while this run's claim is current: if the lease ran out and another run
  // re-claimed the mail (attempts moved on), this run's late outcome is dropped.
  const stillOurs = and(
    eq(emailOutbox.id, mail.id),
    eq(emailOutbox.status, "pending"),
    eq(emailOutbox.attempts, mail.attempts),
  );

  const credentials = mail.storeId ? await loadEmailCredentials(mail.storeId) : platformEmailCredentials();
  if ("problem" in credentials) {
    // Nothing was attempted, so the claim's attempt is given back.
    await db
      .update(emailOutbox)
      .set({ status: "held", lastError: credentials.problem, attempts: sql`${emailOutbox.attempts} - 1` })
      .where(stillOurs);
    log.info({ storeId: mail.storeId, emailId: mail.id, kind: mail.kind }, "email held: no mail settings");
    return "held";
  }

  const result = await sendWithResend(
    credentials.apiKey,
    {
      from: credentials.from,
      to: mail.toAddress,
      replyTo: credentials.replyTo,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    },
    `outbox-${mail.id}`,
  );
  if (result.ok) {
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: now, providerMessageId: result.providerMessageId, lastError: null })
      .where(stillOurs);
    log.info({ storeId: mail.storeId, emailId: mail.id, kind: mail.kind, attempts: mail.attempts }, "email sent");
    return "sent";
  }
  const retryAt = new Date(now.getTime() + backoffAfter(mail.attempts));
  await db.update(emailOutbox).set({ lastError: result.error, nextAttemptAt: retryAt }).where(stillOurs);
  log.warn(
    { storeId: mail.storeId, emailId: mail.id, attempts: mail.attempts, retryAt, error: result.error },
    "email not sent; will retry",
  );
  return "retried";
}

/**
 * After the owner saved mail settings: the store's held mail goes back in the queue, due
 * now. (Mail waiting out a backoff keeps its time; "Send now" in the log hurries it.)
 */
export async function releaseHeldEmails(storeId: string, executor?: Executor): Promise<number> {
  const db = executor ?? (await getDb());
  const released = await db
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt: new Date(), lastError: null })
    .where(and(eq(emailOutbox.storeId, storeId), eq(emailOutbox.status, "held")))
    .returning({ id: emailOutbox.id });
  return released.length;
}

/** "Send now" in the email log: a mail that is not sent yet becomes due at once. */
export async function retryEmailNow(storeId: string, emailId: string): Promise<boolean> {
  const db = await getDb();
  const updated = await db
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt: new Date() })
    .where(and(eq(emailOutbox.storeId, storeId), eq(emailOutbox.id, emailId), ne(emailOutbox.status, "sent")))
    .returning({ id: emailOutbox.id });
  return updated.length > 0;
}

/** A row of the email log: everything but the bodies. */
export type EmailLogEntry = Omit<OutboxEmail, "html" | "text" | "dedupeKey">;

const logColumns = {
  id: emailOutbox.id,
  storeId: emailOutbox.storeId,
  kind: emailOutbox.kind,
  toAddress: emailOutbox.toAddress,
  subject: emailOutbox.subject,
  status: emailOutbox.status,
  attempts: emailOutbox.attempts,
  nextAttemptAt: emailOutbox.nextAttemptAt,
  lastError: emailOutbox.lastError,
  providerMessageId: emailOutbox.providerMessageId,
  sentAt: emailOutbox.sentAt,
  createdAt: emailOutbox.createdAt,
  updatedAt: emailOutbox.updatedAt,
};

export type EmailLogQuery = {
  /** Only mail in this state (the log's filter; "held" also tells the page to show its warning). */
  status?: OutboxEmail["status"];
  cursor?: Cursor | null;
  limit?: number;
};

/**
 * One page of a store's mail, or with `storeId` null of the platform's own mail (the staff
 * console's platform email log, read in the platform scope), newest first, after `cursor`.
 */
export async function listEmails(storeId: string | null, query: EmailLogQuery = {}): Promise<Page<EmailLogEntry>> {
  const limit = query.limit ?? PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({ ...logColumns, at: cursorAt(emailOutbox.createdAt) })
    .from(emailOutbox)
    .where(
      and(
        storeId === null ? isNull(emailOutbox.storeId) : eq(emailOutbox.storeId, storeId),
        query.status ? eq(emailOutbox.status, query.status) : undefined,
        afterCursor(emailOutbox.createdAt, emailOutbox.id, query.cursor),
      ),
    )
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ at, ...mail }) => ({ row: mail, cursor: { at, id: mail.id } }));
}

/** One mail of the store with its content, or null if it is not this store's. */
export async function getEmail(storeId: string, emailId: string): Promise<OutboxEmail | null> {
  const db = await getDb();
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.storeId, storeId), eq(emailOutbox.id, emailId)))
    .limit(1);
  return mail ?? null;
}
