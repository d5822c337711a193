import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { id } from "./columns";
import { storeId } from "./stores";
import { paymentMode } from "./orders";

export const webhookEventStatus = pgEnum("webhook_event_status", ["processed", "ignored", "failed"]);

/** Verified Stripe events, stored once per store and event id. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    storeId: storeId(),
    stripeEventId: text("stripe_event_id").notNull(),
    type: text("type").notNull(),
    mode: paymentMode("mode").notNull(),
    payload: jsonb("payload").notNull(),
    status: webhookEventStatus("status").notNull(),
    error: text("error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("webhook_events_store_event_key").on(t.storeId, t.stripeEventId)],
);

export const webhookDeliveryOutcome = pgEnum("webhook_delivery_outcome", [
  "processed",
  "duplicate",
  "ignored",
  "refused",
  "failed",
]);

/**
 * Every POST to a store's /shop/webhook/, accepted or not, with what the owner needs to
 * fix a refusal. Refused deliveries never reach `webhook_events`.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    storeId: storeId(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    outcome: webhookDeliveryOutcome("outcome").notNull(),
    httpStatus: integer("http_status").notNull(),
    /** Machine-readable reason for a refusal or failure, e.g. `signed_with_other_mode`. */
    diagnosisCode: text("diagnosis_code"),
    /** The same in words the owner can act on. */
    diagnosis: text("diagnosis"),
    stripeEventId: text("stripe_event_id"),
    eventType: text("event_type"),
    /** `livemode` as the payload claims it (unverified for refused deliveries). */
    livemode: boolean("livemode"),
    durationMs: integer("duration_ms").notNull(),
    /** The start of the raw body, so a refused delivery can still be inspected. */
    bodyExcerpt: text("body_excerpt"),
  },
  (t) => [index("webhook_deliveries_store_received_idx").on(t.storeId, t.receivedAt)],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
