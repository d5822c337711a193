import { sql } from "drizzle-orm";
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; the unique index is on the stored value. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    name: text("name"),
    /** Platform staff answer support tickets; they never see store secrets. */
    isStaff: boolean("is_staff").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

/**
 * One-time tickets that carry a sign-in from the root domain to a store's host.
 * Sessions are per host (a store's cookie is never sent to another store's subdomain),
 * so signing up on the root domain hands over to the new store's admin with a ticket.
 */
export const signInTickets = pgTable("sign_in_tickets", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  host: text("host").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
