-- Row-level security: the second wall behind every query's own store filter.
-- The app works as `storehost_app`, which is neither a superuser nor the tables' owner and
-- cannot bypass RLS. For each query the driver sets `app.scope` ('platform' or 'store') and
-- `app.store_id` (see db/client.ts and lib/data-scope.ts). A store-owned row is visible
-- only to its own store's scope, or to the platform's. Migrations run as the connecting
-- user, before the app switches role.
-- Roles are per cluster: another database on this server may have made it already (then
-- the migrating user needs no CREATEROLE; an administrator can also create it beforehand).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'storehost_app') THEN
    CREATE ROLE storehost_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- Made by a migration of another database at the same moment.
END
$$;
--> statement-breakpoint
GRANT storehost_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO storehost_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO storehost_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO storehost_app;
--> statement-breakpoint
CREATE FUNCTION app_may_see_store(row_store_id uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(current_setting('app.scope', true), '') = 'platform'
        OR row_store_id = nullif(current_setting('app.store_id', true), '')::uuid
  $$;
--> statement-breakpoint
DO $$
DECLARE
  store_owned text[] := ARRAY[
    'store_memberships', 'products', 'product_files', 'orders', 'order_items',
    'order_status_changes', 'download_grants', 'webhook_events', 'webhook_deliveries',
    'webhook_refusals', 'email_outbox', 'store_stripe_settings', 'store_email_settings',
    'support_tickets'
  ];
  t text;
BEGIN
  FOREACH t IN ARRAY store_owned LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY store_isolation ON %I USING (app_may_see_store(store_id)) WITH CHECK (app_may_see_store(store_id))',
      t
    );
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE stores ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stores FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY store_isolation ON stores USING (app_may_see_store(id)) WITH CHECK (app_may_see_store(id));
--> statement-breakpoint
-- Messages belong to a ticket; the ticket's own policy decides.
ALTER TABLE support_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE support_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY store_isolation ON support_messages
  USING (EXISTS (SELECT 1 FROM support_tickets t WHERE t.id = ticket_id))
  WITH CHECK (EXISTS (SELECT 1 FROM support_tickets t WHERE t.id = ticket_id));
