import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { stores } from "./stores";

/** `held`: no mail provider is configured for the store; the mail waits in the email log. */
export const emailStatus = pgEnum("email_status", ["pending", "held", "sent", "failed"]);

/** Durable outbox: mail is written here in the same transaction as its cause, then sent. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    /** Null for platform mail (sent with the platform's own settings). */
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Makes enqueueing idempotent, e.g. `receipt:<order id>`. */
    dedupeKey: text("dedupe_key").unique(),
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // The sender's queue: only pending mail, by due time. Partial rather than on (status,
    // next_attempt_at): under row-level security Postgres may not use `status = …` as an index
    // condition (enum equality is not leakproof), and scanned the whole outbox every pass
    // (254 ms at a million receipts; bench/plans.ts found it). The predicate needs no such proof.
    index("email_outbox_pending_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("email_outbox_store_created_idx").on(t.storeId, t.createdAt),
  ],
);

export type OutboxEmail = typeof emailOutbox.$inferSelect;
