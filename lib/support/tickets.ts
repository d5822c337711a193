import "server-only";
import { and, asc, count, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { stores, supportAttachments, supportMessages, supportTickets, type SupportTicket } from "@/db/schema";
import type { StoreAccess } from "@/lib/auth/store-access";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { attachmentsOfMessages, linkAttachments, type AttachmentView } from "./attachments";
import { openSealedSnapshot } from "./context-snapshot";
import { notifyStaffOfOwnerMessage } from "./notifications";
import { attachmentIds, messageBody, SUBJECT_MAX, TICKET_CATEGORIES } from "./ticket-fields";

/*
 * The owner's side of support (Admin → Help): open a ticket with the store's context,
 * read the store's tickets, reply. Every function takes the member's StoreAccess and
 * names the store in every query; internal staff notes never leave this module's reads.
 */

/** Tickets a store may open per hour: enough for a bad day, not enough to flood the queue. */
export const TICKETS_PER_HOUR = 5;

export const newTicketInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Give your request a subject.")
    .max(SUBJECT_MAX, `Keep the subject under ${SUBJECT_MAX} characters.`),
  category: z.enum(TICKET_CATEGORIES, { error: "Choose a category." }),
  message: messageBody,
  attachmentIds,
  snapshotJson: z.string().max(500_000),
  snapshotSeal: z.string().max(100),
});
export type NewTicketInput = z.input<typeof newTicketInput>;

export const ownerReplyInput = z.object({ ticketId: z.uuid(), message: messageBody, attachmentIds });
export type OwnerReplyInput = z.input<typeof ownerReplyInput>;

/**
 * Opens a ticket with its first message, the sealed context snapshot the owner was shown
 * and their attachments, and tells staff, all in one transaction.
 */
export async function openTicket(access: StoreAccess, raw: NewTicketInput, now = new Date()): Promise<{ id: string }> {
  const input = newTicketInput.parse(raw);
  const storeId = access.store.id;
  const snapshot = openSealedSnapshot(storeId, { json: input.snapshotJson, seal: input.snapshotSeal }, now);
  const db = await getDb();
  // The platform scope, because the staff notification is platform mail (no store id),
  // which the store's own scope may not write; every statement here names the store.
  const ticket = await asPlatform(() =>
    db.transaction(async (tx) => {
      // The store's row lock serializes its ticket openings, so the hourly limit holds under races.
      const [store] = await tx.select().from(stores).where(eq(stores.id, storeId)).for("no key update");
      if (!store) throw new AppError("store_not_found", "No such store.", 404);
      const [recent] = await tx
        .select({ n: count() })
        .from(supportTickets)
        .where(
          and(
            eq(supportTickets.storeId, storeId),
            gt(supportTickets.createdAt, new Date(now.getTime() - 60 * 60 * 1000)),
          ),
        );
      if ((recent?.n ?? 0) >= TICKETS_PER_HOUR) {
        throw new AppError(
          "too_many_tickets",
          `Your store opened ${TICKETS_PER_HOUR} requests in the last hour. Add to an open request instead, or try again later.`,
          429,
        );
      }
      const [created] = await tx
        .insert(supportTickets)
        .values({
          storeId,
          openedBy: access.user.id,
          subject: input.subject,
          category: input.category,
          snapshot,
          waitingSince: now,
        })
        .returning();
      if (!created) throw new Error("support ticket insert returned no row");
      const messageId = await addMessage(tx, {
        ticketId: created.id,
        authorId: access.user.id,
        body: input.message,
      });
      await linkAttachments(tx, { storeId, userId: access.user.id, messageId, attachmentIds: input.attachmentIds });
      await notifyStaffOfOwnerMessage(tx, { ticket: created, store, messageId, message: input.message, isNew: true });
      return created;
    }),
  );
  log.info({ storeId, ticketId: ticket.id, category: ticket.category }, "support ticket opened");
  return { id: ticket.id };
}

/** The owner answers: the ticket is staff's turn again (a solved one reopens). */
export async function replyAsOwner(access: StoreAccess, raw: OwnerReplyInput, now = new Date()): Promise<void> {
  const input = ownerReplyInput.parse(raw);
  const storeId = access.store.id;
  const db = await getDb();
  await asPlatform(() =>
    db.transaction(async (tx) => {
      const [ticket] = await tx
        .select()
        .from(supportTickets)
        .where(and(eq(supportTickets.storeId, storeId), eq(supportTickets.id, input.ticketId)))
        .for("update");
      if (!ticket) throw ticketNotFound();
      const messageId = await addMessage(tx, { ticketId: ticket.id, authorId: access.user.id, body: input.message });
      await linkAttachments(tx, { storeId, userId: access.user.id, messageId, attachmentIds: input.attachmentIds });
      await tx
        .update(supportTickets)
        .set({
          status: "open",
          // Already staff's turn: the wait began with the owner's first unanswered message.
          waitingSince: ticket.status === "open" ? ticket.waitingSince : now,
        })
        .where(eq(supportTickets.id, ticket.id));
      await notifyStaffOfOwnerMessage(tx, {
        ticket,
        store: access.store,
        messageId,
        message: input.message,
        isNew: false,
      });
    }),
  );
}

export async function addMessage(
  tx: Tx,
  message: { ticketId: string; authorId: string; body: string; fromStaff?: boolean; internal?: boolean },
): Promise<string> {
  const [row] = await tx
    .insert(supportMessages)
    .values({
      ticketId: message.ticketId,
      authorId: message.authorId,
      body: message.body,
      fromStaff: message.fromStaff ?? false,
      internal: message.internal ?? false,
    })
    .returning({ id: supportMessages.id });
  if (!row) throw new Error("support message insert returned no row");
  return row.id;
}

export const ticketNotFound = () => new AppError("ticket_not_found", "No such support request.", 404);

export type StoreTicketSummary = Pick<
  SupportTicket,
  "id" | "subject" | "category" | "status" | "createdAt" | "updatedAt"
>;

/** The store's tickets, newest first. */
export async function listStoreTickets(storeId: string, limit = 100): Promise<StoreTicketSummary[]> {
  const db = await getDb();
  return db
    .select({
      id: supportTickets.id,
      subject: supportTickets.subject,
      category: supportTickets.category,
      status: supportTickets.status,
      createdAt: supportTickets.createdAt,
      updatedAt: supportTickets.updatedAt,
    })
    .from(supportTickets)
    .where(eq(supportTickets.storeId, storeId))
    .orderBy(desc(supportTickets.createdAt))
    .limit(limit);
}

export type ThreadMessage = {
  id: string;
  fromStaff: boolean;
  internal: boolean;
  authorId: string;
  body: string;
  createdAt: Date;
  attachments: AttachmentView[];
};

/** One of the store's tickets as its owner sees it: the thread without staff's internal notes. */
export async function getStoreTicket(
  storeId: string,
  ticketId: string,
): Promise<{ ticket: SupportTicket; messages: ThreadMessage[] } | null> {
  if (!z.uuid().safeParse(ticketId).success) return null;
  const db = await getDb();
  const [ticket] = await db
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.storeId, storeId), eq(supportTickets.id, ticketId)))
    .limit(1);
  if (!ticket) return null;
  return { ticket, messages: await threadOf(ticket.id, { withInternalNotes: false }) };
}

/** A ticket's messages, oldest first, with their attachments. */
export async function threadOf(ticketId: string, options: { withInternalNotes: boolean }): Promise<ThreadMessage[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(supportMessages)
    .where(
      and(
        eq(supportMessages.ticketId, ticketId),
        options.withInternalNotes ? undefined : eq(supportMessages.internal, false),
      ),
    )
    .orderBy(asc(supportMessages.createdAt), asc(supportMessages.id));
  const attachments = await attachmentsOfMessages(
    db,
    rows.map((m) => m.id),
  );
  return rows.map((m) => ({
    id: m.id,
    fromStaff: m.fromStaff,
    internal: m.internal,
    authorId: m.authorId,
    body: m.body,
    createdAt: m.createdAt,
    attachments: attachments.get(m.id) ?? [],
  }));
}

/** An attachment the store's owner may open: on a message of one of the store's tickets. */
export async function findStoreAttachment(storeId: string, attachmentId: string) {
  if (!z.uuid().safeParse(attachmentId).success) return null;
  const db = await getDb();
  const [row] = await db
    .select({ attachment: supportAttachments })
    .from(supportAttachments)
    .innerJoin(supportMessages, eq(supportMessages.id, supportAttachments.messageId))
    .innerJoin(supportTickets, eq(supportTickets.id, supportMessages.ticketId))
    .where(
      and(
        eq(supportAttachments.id, attachmentId),
        eq(supportAttachments.storeId, storeId),
        eq(supportTickets.storeId, storeId),
        eq(supportMessages.internal, false),
      ),
    )
    .limit(1);
  return row?.attachment ?? null;
}
