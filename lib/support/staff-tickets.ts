import "server-only";
import { aliasedTable, and, asc, eq, inArray, min, sql } from "drizzle-orm";
import { z } from "zod";
import { stores, supportAttachments, supportMessages, supportTickets, users, type User } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { recordStaffAction } from "@/lib/staff/store-standing";
import { readStoredSnapshot, type ContextSnapshot } from "./context-snapshot";
import { notifyOwnerOfStaffReply } from "./notifications";
import { STATUS_LABEL, TICKET_CATEGORIES, TICKET_STATUSES, messageBody } from "./ticket-fields";
import { addMessage, threadOf, ticketNotFound, type ThreadMessage } from "./tickets";

/*
 * The staff console's side of support: the queue across every store, a ticket with its
 * thread (internal notes included), and the actions on it. Everything runs in the platform
 * scope; every action writes its audit entry on its own transaction. Callers check the
 * staff role first (staffAction / requireStaff); these functions take the staff member.
 */

type Staff = Pick<User, "id" | "email">;

export const queueQuery = z.object({
  status: z.enum([...TICKET_STATUSES, "all"]).catch("open"),
  category: z.enum(TICKET_CATEGORIES).optional().catch(undefined),
  /** A store's subdomain, exactly. */
  store: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,63}$/)
    .optional()
    .catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export type QueueRow = {
  id: string;
  subject: string;
  category: (typeof TICKET_CATEGORIES)[number];
  status: (typeof TICKET_STATUSES)[number];
  storeName: string;
  subdomain: string;
  openedByEmail: string;
  assigneeEmail: string | null;
  waitingSince: Date;
  createdAt: Date;
};

export const QUEUE_LIMIT = 200;

/** The queue, longest waiting first: the tickets matching the filters, at most QUEUE_LIMIT. */
export async function listTicketQueue(query: QueueQuery): Promise<{ rows: QueueRow[]; total: number }> {
  const db = await getDb();
  const opener = aliasedTable(users, "opener");
  const assignee = aliasedTable(users, "assignee");
  const where = and(
    query.status === "all" ? undefined : eq(supportTickets.status, query.status),
    query.category ? eq(supportTickets.category, query.category) : undefined,
    query.store ? eq(stores.subdomain, query.store) : undefined,
  );
  return asPlatform(async () => {
    const rows = await db
      .select({
        id: supportTickets.id,
        subject: supportTickets.subject,
        category: supportTickets.category,
        status: supportTickets.status,
        storeName: stores.name,
        subdomain: stores.subdomain,
        openedByEmail: opener.email,
        assigneeEmail: assignee.email,
        waitingSince: supportTickets.waitingSince,
        createdAt: supportTickets.createdAt,
      })
      .from(supportTickets)
      .innerJoin(stores, eq(stores.id, supportTickets.storeId))
      .innerJoin(opener, eq(opener.id, supportTickets.openedBy))
      .leftJoin(assignee, eq(assignee.id, supportTickets.assignedTo))
      .where(where)
      .orderBy(asc(supportTickets.waitingSince), asc(supportTickets.id))
      .limit(QUEUE_LIMIT);
    const [counted] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(supportTickets)
      .innerJoin(stores, eq(stores.id, supportTickets.storeId))
      .where(where);
    return { rows, total: Number(counted?.n ?? 0) };
  });
}

/** When the longest-waiting open ticket started waiting, or null when none is open. */
export async function oldestOpenSince(): Promise<Date | null> {
  const db = await getDb();
  const [row] = await asPlatform(() =>
    db
      .select({ since: min(supportTickets.waitingSince) })
      .from(supportTickets)
      .where(eq(supportTickets.status, "open")),
  );
  return row?.since ?? null;
}

export type StaffTicket = {
  id: string;
  subject: string;
  category: (typeof TICKET_CATEGORIES)[number];
  status: (typeof TICKET_STATUSES)[number];
  createdAt: Date;
  waitingSince: Date;
  store: { id: string; name: string; subdomain: string };
  openedByEmail: string;
  assignedTo: string | null;
  snapshot: ContextSnapshot | null;
  messages: (ThreadMessage & { authorEmail: string })[];
};

/** A ticket as staff see it: the whole thread, internal notes included, and the snapshot sent with it. */
export async function getTicketForStaff(ticketId: string): Promise<StaffTicket | null> {
  if (!z.uuid().safeParse(ticketId).success) return null;
  const db = await getDb();
  return asPlatform(async () => {
    const [row] = await db
      .select({
        ticket: supportTickets,
        store: { id: stores.id, name: stores.name, subdomain: stores.subdomain },
        openedByEmail: users.email,
      })
      .from(supportTickets)
      .innerJoin(stores, eq(stores.id, supportTickets.storeId))
      .innerJoin(users, eq(users.id, supportTickets.openedBy))
      .where(eq(supportTickets.id, ticketId))
      .limit(1);
    if (!row) return null;
    const messages = await threadOf(ticketId, { withInternalNotes: true });
    const authorIds = [...new Set(messages.map((m) => m.authorId))];
    const authors = authorIds.length
      ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, authorIds))
      : [];
    const emailOf = new Map(authors.map((a) => [a.id, a.email]));
    const { ticket } = row;
    return {
      id: ticket.id,
      subject: ticket.subject,
      category: ticket.category,
      status: ticket.status,
      createdAt: ticket.createdAt,
      waitingSince: ticket.waitingSince,
      store: row.store,
      openedByEmail: row.openedByEmail,
      assignedTo: ticket.assignedTo,
      snapshot: readStoredSnapshot(ticket.snapshot),
      messages: messages.map((m) => ({ ...m, authorEmail: emailOf.get(m.authorId) ?? "(deleted account)" })),
    };
  });
}

/** Every staff account, for the Assign menu. */
export async function listStaffMembers(): Promise<Staff[]> {
  const db = await getDb();
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.isStaff, true))
    .orderBy(asc(users.email));
}

export const staffReplyInput = z.object({
  ticketId: z.uuid(),
  message: messageBody,
  /** What the ticket becomes: by default the owner's turn. */
  status: z.enum(["waiting_on_owner", "solved"]).default("waiting_on_owner"),
});
export const internalNoteInput = z.object({ ticketId: z.uuid(), message: messageBody });
export const assignInput = z.object({ ticketId: z.uuid(), assigneeId: z.uuid().nullable() });
export const statusInput = z.object({ ticketId: z.uuid(), status: z.enum(TICKET_STATUSES) });

/** Replies to the owner, who is emailed; the ticket becomes the owner's turn (or solved). */
export async function replyAsStaff(
  staff: Staff,
  raw: z.input<typeof staffReplyInput>,
  now = new Date(),
): Promise<void> {
  const input = staffReplyInput.parse(raw);
  await onTicket(input.ticketId, async (tx, ticket, store) => {
    const messageId = await addMessage(tx, {
      ticketId: ticket.id,
      authorId: staff.id,
      body: input.message,
      fromStaff: true,
    });
    await tx
      .update(supportTickets)
      .set({ status: input.status, waitingSince: now })
      .where(eq(supportTickets.id, ticket.id));
    await notifyOwnerOfStaffReply(tx, { ticket, store, messageId, message: input.message });
    await recordStaffAction(tx, staff, {
      action: "ticket.reply",
      storeId: ticket.storeId,
      ticketId: ticket.id,
      detail: `Replied to “${ticket.subject}”; now ${STATUS_LABEL[input.status]}`,
    });
  });
}

/** A note only staff see: the owner is not told and never shown it. */
export async function addInternalNote(staff: Staff, raw: z.input<typeof internalNoteInput>): Promise<void> {
  const input = internalNoteInput.parse(raw);
  await onTicket(input.ticketId, async (tx, ticket) => {
    await addMessage(tx, {
      ticketId: ticket.id,
      authorId: staff.id,
      body: input.message,
      fromStaff: true,
      internal: true,
    });
    await recordStaffAction(tx, staff, {
      action: "ticket.note",
      storeId: ticket.storeId,
      ticketId: ticket.id,
      detail: `Internal note on “${ticket.subject}”`,
    });
  });
}

export async function assignTicket(staff: Staff, raw: z.input<typeof assignInput>): Promise<void> {
  const input = assignInput.parse(raw);
  await onTicket(input.ticketId, async (tx, ticket) => {
    let assigneeEmail = "nobody";
    if (input.assigneeId) {
      const [assignee] = await tx
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.id, input.assigneeId), eq(users.isStaff, true)))
        .limit(1);
      if (!assignee)
        throw new AppError("not_staff", "Tickets can be assigned only to staff members.", 400, {
          assigneeId: "Choose a staff member.",
        });
      assigneeEmail = assignee.email;
    }
    await tx.update(supportTickets).set({ assignedTo: input.assigneeId }).where(eq(supportTickets.id, ticket.id));
    await recordStaffAction(tx, staff, {
      action: "ticket.assign",
      storeId: ticket.storeId,
      ticketId: ticket.id,
      detail: `Assigned “${ticket.subject}” to ${assigneeEmail}`,
    });
  });
}

export async function setTicketStatus(staff: Staff, raw: z.input<typeof statusInput>, now = new Date()): Promise<void> {
  const input = statusInput.parse(raw);
  await onTicket(input.ticketId, async (tx, ticket) => {
    if (ticket.status === input.status) {
      throw new AppError("same_status", `The ticket is already ${STATUS_LABEL[input.status]}.`, 409);
    }
    await tx
      .update(supportTickets)
      .set({ status: input.status, waitingSince: now })
      .where(eq(supportTickets.id, ticket.id));
    await recordStaffAction(tx, staff, {
      action: "ticket.status",
      storeId: ticket.storeId,
      ticketId: ticket.id,
      detail: `“${ticket.subject}”: ${STATUS_LABEL[ticket.status]} → ${STATUS_LABEL[input.status]}`,
    });
  });
}

/** Runs `work` on the locked ticket and its store, in one platform-scope transaction. */
async function onTicket(
  ticketId: string,
  work: (
    tx: Tx,
    ticket: typeof supportTickets.$inferSelect,
    store: { id: string; name: string; subdomain: string },
  ) => Promise<void>,
): Promise<void> {
  const db = await getDb();
  await asPlatform(() =>
    db.transaction(async (tx) => {
      const [ticket] = await tx.select().from(supportTickets).where(eq(supportTickets.id, ticketId)).for("update");
      if (!ticket) throw ticketNotFound();
      const [store] = await tx
        .select({ id: stores.id, name: stores.name, subdomain: stores.subdomain })
        .from(stores)
        .where(eq(stores.id, ticket.storeId))
        .limit(1);
      if (!store) throw ticketNotFound();
      await work(tx, ticket, store);
    }),
  );
  log.info({ ticketId }, "support ticket changed by staff");
}

/** An attachment of the ticket, for staff to open. */
export async function findTicketAttachment(ticketId: string, attachmentId: string) {
  if (!z.uuid().safeParse(ticketId).success || !z.uuid().safeParse(attachmentId).success) return null;
  const db = await getDb();
  const [row] = await asPlatform(() =>
    db
      .select({ attachment: supportAttachments })
      .from(supportAttachments)
      .innerJoin(supportMessages, eq(supportMessages.id, supportAttachments.messageId))
      .where(and(eq(supportAttachments.id, attachmentId), eq(supportMessages.ticketId, ticketId)))
      .limit(1),
  );
  return row?.attachment ?? null;
}
