import { bigint, char, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { storeId } from "./stores";

export const productStatus = pgEnum("product_status", ["draft", "published"]);

export const products = pgTable(
  "products",
  {
    id: id(),
    storeId: storeId(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Integer minor units of `currency`. */
    priceAmount: integer("price_amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    status: productStatus("status").notNull().default("draft"),
    /** How many times each buyer may download; null = unlimited. */
    downloadLimit: integer("download_limit").default(5),
    /** Days a download link stays valid after purchase; null = forever. */
    downloadExpiryDays: integer("download_expiry_days").default(30),
    ...timestamps,
  },
  (t) => [uniqueIndex("products_store_slug_key").on(t.storeId, t.slug)],
);

export const productFiles = pgTable("product_files", {
  id: id(),
  storeId: storeId(),
  productId: uuid("product_id")
    .notNull()
    .references(() => products.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  /** Key in the storage backend (a path under .data/files by default). */
  storageKey: text("storage_key").notNull(),
  ...timestamps,
});

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type ProductFile = typeof productFiles.$inferSelect;
