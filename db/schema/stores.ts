import {
  bigint,
  char,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { users } from "./users";

export const storeStatus = pgEnum("store_status", ["active", "suspended"]);
export const storeRole = pgEnum("store_role", ["owner", "manager"]);

export const stores = pgTable(
  "stores",
  {
    id: id(),
    subdomain: text("subdomain").notNull(),
    name: text("name").notNull(),
    status: storeStatus("status").notNull().default("active"),
    /** ISO 4217, lower case as Stripe writes it. */
    currency: char("currency", { length: 3 }).notNull().default("usd"),
    /** Shown to buyers on their order page and receipt; replies to receipts go here. */
    supportEmail: text("support_email"),
    /** Storage key of the logo (a normalized WebP), shown in the storefront header and receipt. */
    logoKey: text("logo_key"),
    /** Set while the owner has paused the storefront; buyers' orders, downloads and the webhook keep working. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    pausedMessage: text("paused_message"),
    /** Why platform staff suspended the store (status `suspended`); shown to its owner, never to buyers. */
    suspensionReason: text("suspension_reason"),
    /**
     * Set while the store is suspended for billing (lib/billing/standing.ts): a trial that
     * ended without a plan, a payment past due beyond the grace period, or a canceled plan.
     * Buyers see "temporarily unavailable", exactly as for a staff suspension.
     */
    billingHoldSince: timestamp("billing_hold_since", { withTimezone: true }),
    billingHoldReason: text("billing_hold_reason"),
    /**
     * Moves on every change to the store's products or files (a trigger, migration 0011), so
     * every app instance knows from the store row it reads anyway whether the catalogue it
     * remembers is current (lib/catalog/storefront-cache.ts).
     */
    catalogVersion: bigint("catalog_version", { mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex("stores_subdomain_key").on(t.subdomain)],
);

/** The owning store of a store-owned row; deleting the store deletes its rows. */
export const storeId = () =>
  uuid("store_id")
    .notNull()
    .references(() => stores.id, { onDelete: "cascade" });

export const storeMemberships = pgTable(
  "store_memberships",
  {
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: storeRole("role").notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.storeId, t.userId] }), index("store_memberships_user_idx").on(t.userId)],
);

export type Store = typeof stores.$inferSelect;
export type StoreMembership = typeof storeMemberships.$inferSelect;
export type StoreRole = (typeof storeRole.enumValues)[number];
