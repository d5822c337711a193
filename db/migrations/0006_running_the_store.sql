CREATE TYPE "public"."refund_request_status" AS ENUM('requested', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "refund_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"reason" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"stripe_refund_id" text,
	"status" "refund_request_status" DEFAULT 'requested' NOT NULL,
	"error" text,
	"requested_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "support_email" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "logo_key" text;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "paused_message" text;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD COLUMN "test_webhook_secret_saved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD COLUMN "live_webhook_secret_saved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD COLUMN "test_key_check" jsonb;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD COLUMN "live_key_check" jsonb;--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD COLUMN "saved_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_requests_order_idx" ON "refund_requests" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_requests_idempotency_key" ON "refund_requests" USING btree ("store_id","idempotency_key");--> statement-breakpoint
ALTER TABLE "store_stripe_settings" ADD CONSTRAINT "store_stripe_settings_saved_by_user_id_users_id_fk" FOREIGN KEY ("saved_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Refund requests are store-owned: the same wall as every other store table (see 0005).
ALTER TABLE "refund_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "refund_requests" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY store_isolation ON "refund_requests" USING (app_may_see_store(store_id)) WITH CHECK (app_may_see_store(store_id));
