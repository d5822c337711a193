import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    /**
     * Every session carries the version it was issued under; bumping it (sign out
     * everywhere, a password change, a staff-forced sign-out) ends them all at once.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    /** Set when the owner follows the link in the verification mail. Live mode needs it. */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

/**
 * One-time tickets that carry a sign-in from the root domain to a store's host.
 * Sessions are per host (a store's cookie is never sent to another store's subdomain),
 * so signing up on the root domain hands over to the new store's admin with a ticket.
 */
export const signInTickets = pgTable(
  "sign_in_tickets",
  {
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
  },
  (t) => [index("sign_in_tickets_user_idx").on(t.userId)],
);

/** Single-use links that prove an owner reads the mailbox they signed up with. */
export const emailVerificationTokens = pgTable(
  "email_verification_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the link was sent to; a changed email needs a new link. */
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index("email_verification_tokens_user_idx").on(t.userId)],
);

/**
 * Sessions ended by signing out. A JWT session cannot be deleted, so its id is remembered
 * here until the token would have expired anyway.
 */
export const revokedSessions = pgTable("revoked_sessions", {
  sessionId: text("session_id").primaryKey(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/**
 * Throttle counters (rate-limiter-flexible's Drizzle store), shared by every app instance:
 * sign-in, signup, ticket redemption and checkout, keyed by account, client IP and store.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
