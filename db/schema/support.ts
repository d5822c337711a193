import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { storeId, stores } from "./stores";
import { users } from "./users";

/** Who must act next: staff (open), the owner (waiting_on_owner), or nobody (solved). */
export const ticketStatus = pgEnum("ticket_status", ["open", "waiting_on_owner", "solved"]);
export const ticketCategory = pgEnum("ticket_category", ["payments", "downloads", "email", "billing", "other"]);

export const supportTickets = pgTable(
  "support_tickets",
  {
    id: id(),
    storeId: storeId(),
    openedBy: uuid("opened_by")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    category: ticketCategory("category").notNull().default("other"),
    status: ticketStatus("status").notNull().default("open"),
    /** The store's context as the owner saw and sent it (context-snapshot.ts); never a secret. */
    snapshot: jsonb("snapshot").notNull().default({}),
    assignedTo: uuid("assigned_to").references(() => users.id, { onDelete: "set null" }),
    /** When the current wait began: the owner's last message (open) or staff's last reply. */
    waitingSince: timestamp("waiting_since", { withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    index("support_tickets_store_created_idx").on(t.storeId, t.createdAt),
    index("support_tickets_status_waiting_idx").on(t.status, t.waitingSince),
    index("support_tickets_opened_by_idx").on(t.openedBy),
    index("support_tickets_assigned_to_idx").on(t.assignedTo),
  ],
);

export const supportMessages = pgTable(
  "support_messages",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    fromStaff: boolean("from_staff").notNull(),
    /** A staff-only note: never shown to the owner, never emailed. */
    internal: boolean("internal").notNull().default(false),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("support_messages_ticket_created_idx").on(t.ticketId, t.createdAt),
    index("support_messages_author_idx").on(t.authorId),
  ],
);

/**
 * A screenshot or PDF an owner attached. Uploaded before the message is sent (so the form
 * can show progress), it belongs to no message until then; unsent ones are cleared later.
 */
export const supportAttachments = pgTable(
  "support_attachments",
  {
    id: id(),
    storeId: storeId(),
    messageId: uuid("message_id").references(() => supportMessages.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("support_attachments_message_idx").on(t.messageId),
    index("support_attachments_store_created_idx").on(t.storeId, t.createdAt),
    index("support_attachments_uploaded_by_idx").on(t.uploadedBy),
  ],
);

export type SupportTicket = typeof supportTickets.$inferSelect;
export type SupportMessage = typeof supportMessages.$inferSelect;
export type SupportAttachment = typeof supportAttachments.$inferSelect;
export type TicketStatus = SupportTicket["status"];
export type TicketCategory = SupportTicket["category"];

/** Every staff action, who did it and to which store: read-only, never edited. */
export const staffAuditLog = pgTable(
  "staff_audit_log",
  {
    id: id(),
    staffUserId: uuid("staff_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Kept as it was, so the entry still names who acted after the account is gone. */
    staffEmail: text("staff_email").notNull(),
    action: text("action").notNull(),
    storeId: uuid("store_id").references(() => stores.id, { onDelete: "set null" }),
    /** The ticket the action was on, if any. */
    ticketId: uuid("ticket_id").references(() => supportTickets.id, { onDelete: "set null" }),
    detail: text("detail").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("staff_audit_log_created_idx").on(t.createdAt),
    index("staff_audit_log_staff_user_idx").on(t.staffUserId),
    index("staff_audit_log_store_created_idx").on(t.storeId, t.createdAt),
    index("staff_audit_log_ticket_idx").on(t.ticketId),
  ],
);

export type StaffAuditEntry = typeof staffAuditLog.$inferSelect;
