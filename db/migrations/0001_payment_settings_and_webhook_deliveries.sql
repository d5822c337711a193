CREATE TYPE "public"."webhook_delivery_outcome" AS ENUM('processed', 'duplicate', 'ignored', 'refused', 'failed');--> statement-breakpoint
ALTER TYPE "public"."email_status" ADD VALUE 'held' BEFORE 'sent';--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" "webhook_delivery_outcome" NOT NULL,
	"http_status" integer NOT NULL,
	"diagnosis_code" text,
	"diagnosis" text,
	"stripe_event_id" text,
	"event_type" text,
	"livemode" boolean,
	"duration_ms" integer NOT NULL,
	"body_excerpt" text
);
--> statement-breakpoint
CREATE TABLE "store_email_settings" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"resend_api_key" text,
	"resend_api_key_hint" text,
	"from_address" text,
	"reply_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_stripe_settings" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"live_mode" boolean DEFAULT false NOT NULL,
	"test_publishable_key" text,
	"test_secret_key" text,
	"test_secret_key_hint" text,
	"test_webhook_secret" text,
	"test_webhook_secret_hint" text,
	"test_webhook_endpoint_id" text,
	"live_publishable_key" text,
	"live_secret_key" text,
	"live_secret_key_hint" text,
	"live_webhook_secret" text,
	"live_webhook_secret_hint" text,
	"live_webhook_endpoint_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_email_settings" ADD CONSTRAINT "store_email_settings_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD CONSTRAINT "store_stripe_settings_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_store_received_idx" ON "webhook_deliveries" USING btree ("store_id","received_at");