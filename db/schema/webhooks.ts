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

/**
 * Refused deliveries, aggregated: one row per store, hour and diagnosis, with a count and
 * a few bounded samples. Anyone can POST to a store's webhook URL, so refusals must not
 * grow without bound nor push verified deliveries out of sight.
 */
export const webhookRefusals = pgTable(
  "webhook_refusals",
  {
    id: id(),
    storeId: storeId(),
    /** The start of the hour (UTC) these refusals fell in. */
    hourStart: timestamp("hour_start", { withTimezone: true }).notNull(),
    diagnosisCode: text("diagnosis_code").notNull(),
    count: integer("count").notNull().default(0),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Up to a few samples ({ at, eventType, livemode, bodyExcerpt }), each bounded in length. */
    samples: jsonb("samples").notNull().default([]),
  },
  (t) => [
    uniqueIndex("webhook_refusals_store_hour_code_key").on(t.storeId, t.hourStart, t.diagnosisCode),
    index("webhook_refusals_store_seen_idx").on(t.storeId, t.lastSeenAt),
  ],
);

export type WebhookRefusal = typeof webhookRefusals.$inferSelect;
