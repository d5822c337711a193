CREATE INDEX "email_verification_tokens_user_idx" ON "email_verification_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_tickets_user_idx" ON "sign_in_tickets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "store_memberships_user_idx" ON "store_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "download_grants_order_idx" ON "download_grants" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "download_grants_product_file_idx" ON "download_grants" USING btree ("product_file_id");--> statement-breakpoint
CREATE INDEX "download_grants_store_idx" ON "download_grants" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_items_product_idx" ON "order_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "order_items_store_idx" ON "order_items" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "order_status_changes_order_idx" ON "order_status_changes" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "order_status_changes_store_idx" ON "order_status_changes" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "refund_requests_requested_by_idx" ON "refund_requests" USING btree ("requested_by_user_id");--> statement-breakpoint
CREATE INDEX "email_outbox_store_created_idx" ON "email_outbox" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "staff_audit_log_staff_user_idx" ON "staff_audit_log" USING btree ("staff_user_id");--> statement-breakpoint
CREATE INDEX "staff_audit_log_store_created_idx" ON "staff_audit_log" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "staff_audit_log_ticket_idx" ON "staff_audit_log" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "store_stripe_settings_saved_by_idx" ON "store_stripe_settings" USING btree ("saved_by_user_id");