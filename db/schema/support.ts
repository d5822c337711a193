import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { storeId, stores } from "./stores";
import { users } from "./users";

export const ticketStatus = pgEnum("ticket_status", ["open", "answered", "closed"]);

export const supportTickets = pgTable("support_tickets", {
  id: id(),
  storeId: storeId(),
  openedBy: uuid("opened_by")
    .notNull()
    .references(() => users.id),
  subject: text("subject").notNull(),
  status: ticketStatus("status").notNull().default("open"),
  ...timestamps,
});

export const supportMessages = pgTable("support_messages", {
  id: id(),
  ticketId: uuid("ticket_id")
    .notNull()
    .references(() => supportTickets.id, { onDelete: "cascade" }),
  authorId: uuid("author_id")
    .notNull()
    .references(() => users.id),
  fromStaff: boolean("from_staff").notNull(),
  body: text("body").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SupportTicket = typeof supportTickets.$inferSelect;
export type SupportMessage = typeof supportMessages.$inferSelect;

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
    detail: text("detail").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("staff_audit_log_created_idx").on(t.createdAt)],
);

export type StaffAuditEntry = typeof staffAuditLog.$inferSelect;
