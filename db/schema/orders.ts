import { sql } from "drizzle-orm";
import { char, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { productFiles, products } from "./catalog";
import { id, timestamps } from "./columns";
import { storeId } from "./stores";
import { users } from "./users";

export const paymentMode = pgEnum("payment_mode", ["test", "live"]);
export const orderStatus = pgEnum("order_status", [
  "pending",
  "paid",
  "failed",
  "partially_refunded",
  "refunded",
  "canceled",
]);

export const orders = pgTable(
  "orders",
  {
    id: id(),
    storeId: storeId(),
    mode: paymentMode("mode").notNull(),
    status: orderStatus("status").notNull().default("pending"),
    email: text("email").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    subtotalAmount: integer("subtotal_amount").notNull(),
    totalAmount: integer("total_amount").notNull(),
    amountRefunded: integer("amount_refunded").notNull().default(0),
    paymentIntentId: text("payment_intent_id"),
    checkoutSessionId: text("checkout_session_id"),
    failureMessage: text("failure_message"),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("orders_store_created_idx").on(t.storeId, t.createdAt),
    uniqueIndex("orders_store_payment_intent_key")
      .on(t.storeId, t.paymentIntentId)
      .where(sql`${t.paymentIntentId} is not null`),
  ],
);

/** Every status an order passed through, for the admin timeline. */
export const orderStatusChanges = pgTable(
  "order_status_changes",
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: orderStatus("from_status"),
    toStatus: orderStatus("to_status").notNull(),
    reason: text("reason").notNull(),
    /** The Stripe event that caused it, when one did. */
    stripeEventId: text("stripe_event_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("order_status_changes_order_idx").on(t.orderId, t.createdAt),
    index("order_status_changes_store_idx").on(t.storeId),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    /** Copied at purchase so the order reads the same after the product changes. */
    productName: text("product_name").notNull(),
    unitAmount: integer("unit_amount").notNull(),
    quantity: integer("quantity").notNull(),
    totalAmount: integer("total_amount").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("order_items_order_idx").on(t.orderId),
    index("order_items_product_idx").on(t.productId),
    index("order_items_store_idx").on(t.storeId),
  ],
);

export const downloadGrants = pgTable(
  "download_grants",
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productFileId: uuid("product_file_id")
      .notNull()
      .references(() => productFiles.id, { onDelete: "cascade" }),
    /** SHA-256 of the link token; the token itself is only ever in the buyer's link. */
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    downloadLimit: integer("download_limit"),
    downloadCount: integer("download_count").notNull().default(0),
    /** When the last counted download started; a resume (a Range request) is free only shortly after. */
    lastCountedAt: timestamp("last_counted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("download_grants_token_hash_key").on(t.tokenHash),
    index("download_grants_order_idx").on(t.orderId),
    index("download_grants_product_file_idx").on(t.productFileId),
    index("download_grants_store_idx").on(t.storeId),
  ],
);

export const refundRequestStatus = pgEnum("refund_request_status", ["requested", "succeeded", "failed"]);

/**
 * A refund the owner asked Stripe for. The order itself changes only when Stripe's
 * `charge.refunded` arrives; until then the order page says "Refund requested".
 */
export const refundRequests = pgTable(
  "refund_requests",
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    amount: integer("amount").notNull(),
    reason: text("reason").notNull(),
    /** Sent as Stripe's Idempotency-Key, so a double click or a retry makes one refund. */
    idempotencyKey: text("idempotency_key").notNull(),
    stripeRefundId: text("stripe_refund_id"),
    status: refundRequestStatus("status").notNull().default("requested"),
    error: text("error"),
    requestedByUserId: uuid("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("refund_requests_order_idx").on(t.orderId),
    index("refund_requests_requested_by_idx").on(t.requestedByUserId),
    uniqueIndex("refund_requests_idempotency_key").on(t.storeId, t.idempotencyKey),
  ],
);

export type RefundRequest = typeof refundRequests.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
export type DownloadGrant = typeof downloadGrants.$inferSelect;
export type PaymentMode = (typeof paymentMode.enumValues)[number];
export type OrderStatus = (typeof orderStatus.enumValues)[number];
