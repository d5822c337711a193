CREATE TYPE "public"."ticket_category" AS ENUM('payments', 'downloads', 'email', 'billing', 'other');--> statement-breakpoint
CREATE TABLE "support_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"message_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Renamed in place, so existing tickets keep their meaning (answered → waiting on owner, closed → solved).
ALTER TYPE "public"."ticket_status" RENAME VALUE 'answered' TO 'waiting_on_owner';--> statement-breakpoint
ALTER TYPE "public"."ticket_status" RENAME VALUE 'closed' TO 'solved';--> statement-breakpoint
ALTER TABLE "staff_audit_log" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "support_messages" ADD COLUMN "internal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "category" "ticket_category" DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "snapshot" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "waiting_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_message_id_support_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_attachments_message_idx" ON "support_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "support_attachments_store_created_idx" ON "support_attachments" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "support_attachments_uploaded_by_idx" ON "support_attachments" USING btree ("uploaded_by");--> statement-breakpoint
ALTER TABLE "staff_audit_log" ADD CONSTRAINT "staff_audit_log_ticket_id_support_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_messages_ticket_created_idx" ON "support_messages" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "support_messages_author_idx" ON "support_messages" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "support_tickets_store_created_idx" ON "support_tickets" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "support_tickets_status_waiting_idx" ON "support_tickets" USING btree ("status","waiting_since");--> statement-breakpoint
CREATE INDEX "support_tickets_opened_by_idx" ON "support_tickets" USING btree ("opened_by");--> statement-breakpoint
CREATE INDEX "support_tickets_assigned_to_idx" ON "support_tickets" USING btree ("assigned_to");--> statement-breakpoint
-- Attachments are the store's own rows: the same wall as every store-owned table (0005).
ALTER TABLE "support_attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "support_attachments" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY store_isolation ON "support_attachments" USING (app_may_see_store(store_id)) WITH CHECK (app_may_see_store(store_id));
