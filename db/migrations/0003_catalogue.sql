ALTER TYPE "public"."product_status" ADD VALUE 'archived';--> statement-breakpoint
ALTER TABLE "product_files" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "product_files" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "pay_what_you_want" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "minimum_amount" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "cover_image" jsonb;--> statement-breakpoint
CREATE INDEX "product_files_product_idx" ON "product_files" USING btree ("product_id","position");--> statement-breakpoint
CREATE INDEX "product_files_store_idx" ON "product_files" USING btree ("store_id");