CREATE TYPE "public"."billing_event_status" AS ENUM('processed', 'ignored');--> statement-breakpoint
CREATE TABLE "billing_customers" (
	"stripe_customer_id" text PRIMARY KEY NOT NULL,
	"store_id" uuid,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_events" (
	"stripe_event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"livemode" boolean NOT NULL,
	"status" "billing_event_status" NOT NULL,
	"summary" text NOT NULL,
	"payload" jsonb NOT NULL,
	"stripe_created_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_invoices" (
	"stripe_invoice_id" text PRIMARY KEY NOT NULL,
	"store_id" uuid,
	"stripe_customer_id" text NOT NULL,
	"stripe_subscription_id" text,
	"status" text NOT NULL,
	"number" text,
	"amount_due" integer NOT NULL,
	"amount_paid" integer NOT NULL,
	"currency" text NOT NULL,
	"hosted_invoice_url" text,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"next_payment_attempt" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_prices" (
	"stripe_price_id" text PRIMARY KEY NOT NULL,
	"stripe_product_id" text NOT NULL,
	"product_name" text,
	"lookup_key" text,
	"unit_amount" integer,
	"currency" text NOT NULL,
	"interval" text,
	"active" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"stripe_subscription_id" text PRIMARY KEY NOT NULL,
	"store_id" uuid,
	"stripe_customer_id" text NOT NULL,
	"status" text NOT NULL,
	"stripe_price_id" text,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"canceled_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"trial_end" timestamp with time zone,
	"past_due_since" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_transactions" (
	"stripe_payment_intent_id" text PRIMARY KEY NOT NULL,
	"store_id" uuid,
	"stripe_customer_id" text,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"error_message" text,
	"created_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_webhook_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"diagnosis_code" text NOT NULL,
	"diagnosis" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_event_type" text,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "billing_hold_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "billing_hold_reason" text;--> statement-breakpoint
ALTER TABLE "billing_customers" ADD CONSTRAINT "billing_customers_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_subscriptions" ADD CONSTRAINT "billing_subscriptions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_transactions" ADD CONSTRAINT "billing_transactions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_customers_store_key" ON "billing_customers" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "billing_events_processed_idx" ON "billing_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "billing_invoices_store_created_idx" ON "billing_invoices" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "billing_invoices_subscription_idx" ON "billing_invoices" USING btree ("stripe_subscription_id");--> statement-breakpoint
CREATE INDEX "billing_prices_lookup_key_idx" ON "billing_prices" USING btree ("lookup_key");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_store_idx" ON "billing_subscriptions" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_customer_idx" ON "billing_subscriptions" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "billing_transactions_store_idx" ON "billing_transactions" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_webhook_problems_hour_code_key" ON "billing_webhook_problems" USING btree ("hour_start","diagnosis_code");--> statement-breakpoint
-- The platform's billing mirror: the platform scope reads and writes it all; a store's own
-- host may read its own customer, subscriptions and invoices (the admin's billing banner).
DO $$
DECLARE
  store_readable text[] := ARRAY['billing_customers', 'billing_subscriptions', 'billing_invoices'];
  platform_only text[] := ARRAY['billing_prices', 'billing_transactions', 'billing_events', 'billing_webhook_problems'];
  t text;
BEGIN
  FOREACH t IN ARRAY store_readable LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY store_reads_own ON %I FOR SELECT USING (app_may_see_store(store_id))', t
    );
    EXECUTE format(
      'CREATE POLICY platform_writes ON %I USING (coalesce(current_setting(''app.scope'', true), '''') = ''platform'') WITH CHECK (coalesce(current_setting(''app.scope'', true), '''') = ''platform'')', t
    );
  END LOOP;
  FOREACH t IN ARRAY platform_only LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY platform_only ON %I USING (coalesce(current_setting(''app.scope'', true), '''') = ''platform'') WITH CHECK (coalesce(current_setting(''app.scope'', true), '''') = ''platform'')', t
    );
  END LOOP;
END
$$;
