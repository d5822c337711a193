ALTER TABLE "stores" ADD COLUMN "catalog_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Any change to a store's products or files moves its catalogue version, whatever code made
-- it, in the same transaction: every app instance compares the version on the store row it
-- reads for each request with the one its cached catalogue was read at.
CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stores SET catalog_version = catalog_version + 1
  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.store_id ELSE NEW.store_id END;
  -- A row moved between stores (never done, but possible) changes both catalogues.
  IF TG_OP = 'UPDATE' AND OLD.store_id IS DISTINCT FROM NEW.store_id THEN
    UPDATE stores SET catalog_version = catalog_version + 1 WHERE id = OLD.store_id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER products_catalog_version AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION bump_catalog_version();--> statement-breakpoint
CREATE TRIGGER product_files_catalog_version AFTER INSERT OR UPDATE OR DELETE ON product_files
  FOR EACH ROW EXECUTE FUNCTION bump_catalog_version();
