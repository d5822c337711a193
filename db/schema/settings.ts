import { boolean, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { stores } from "./stores";
import { users } from "./users";

/**
 * A store's own Stripe keys, one set per mode. Secret values are AES-256-GCM envelopes
 * (lib/crypto); `*Hint` columns keep the masked form (`sk_test_…a1b2`) shown after saving.
 */
/** Where shoppers pay: the Payment Element on the store's own page, or Stripe-hosted Checkout. */
export const checkoutMode = pgEnum("checkout_mode", ["payment_element", "stripe_checkout"]);

export const storeStripeSettings = pgTable(
  "store_stripe_settings",
  {
    storeId: uuid("store_id")
      .primaryKey()
      .references(() => stores.id, { onDelete: "cascade" }),
    liveMode: boolean("live_mode").notNull().default(false),
    checkoutMode: checkoutMode("checkout_mode").notNull().default("payment_element"),
    testPublishableKey: text("test_publishable_key"),
    testSecretKey: text("test_secret_key"),
    testSecretKeyHint: text("test_secret_key_hint"),
    testWebhookSecret: text("test_webhook_secret"),
    testWebhookSecretHint: text("test_webhook_secret_hint"),
    testWebhookEndpointId: text("test_webhook_endpoint_id"),
    livePublishableKey: text("live_publishable_key"),
    liveSecretKey: text("live_secret_key"),
    liveSecretKeyHint: text("live_secret_key_hint"),
    liveWebhookSecret: text("live_webhook_secret"),
    liveWebhookSecretHint: text("live_webhook_secret_hint"),
    liveWebhookEndpointId: text("live_webhook_endpoint_id"),
    /** When each mode's signing secret was last saved: later deliveries prove (or disprove) it. */
    testWebhookSecretSavedAt: timestamp("test_webhook_secret_saved_at", { withTimezone: true }),
    liveWebhookSecretSavedAt: timestamp("live_webhook_secret_saved_at", { withTimezone: true }),
    /** The last "Check keys" result per mode (lib/stripe/key-check.ts), kept until the keys change. */
    testKeyCheck: jsonb("test_key_check"),
    liveKeyCheck: jsonb("live_key_check"),
    /** Who saved the settings last (checklist D); null once that account is gone. */
    savedByUserId: uuid("saved_by_user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("store_stripe_settings_saved_by_idx").on(t.savedByUserId)],
);

/** A store's own Resend settings for receipts. Without an API key, mail stays in the outbox. */
export const storeEmailSettings = pgTable("store_email_settings", {
  storeId: uuid("store_id")
    .primaryKey()
    .references(() => stores.id, { onDelete: "cascade" }),
  resendApiKey: text("resend_api_key"),
  resendApiKeyHint: text("resend_api_key_hint"),
  fromAddress: text("from_address"),
  replyTo: text("reply_to"),
  ...timestamps,
});

export type StoreStripeSettings = typeof storeStripeSettings.$inferSelect;
export type StoreEmailSettings = typeof storeEmailSettings.$inferSelect;
