import {
  bigint,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { storeId } from "./stores";

/** Draft: invisible to shoppers. Published: sold. Archived: off the storefront, buyers keep their downloads. */
export const productStatus = pgEnum("product_status", ["draft", "published", "archived"]);

/** A cover image as stored: the original and the resized variants the storefront serves. */
export type CoverImage = {
  /** Changes on every upload, so variant URLs can be cached forever. */
  version: string;
  originalKey: string;
  width: number;
  height: number;
  variants: Record<"card" | "detail", string>;
};

export const products = pgTable(
  "products",
  {
    id: id(),
    storeId: storeId(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Markdown, rendered sanitized on the storefront. */
    description: text("description").notNull().default(""),
    /** Integer minor units of `currency`: the price, or the suggested amount when pay-what-you-want. */
    priceAmount: integer("price_amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    /** When true the shopper names the amount, at least `minimumAmount`. */
    payWhatYouWant: boolean("pay_what_you_want").notNull().default(false),
    minimumAmount: integer("minimum_amount"),
    status: productStatus("status").notNull().default("draft"),
    /** How many times each buyer may download; null = unlimited. */
    downloadLimit: integer("download_limit").default(5),
    /** Days a download link stays valid after purchase; null = forever. */
    downloadExpiryDays: integer("download_expiry_days").default(30),
    coverImage: jsonb("cover_image").$type<CoverImage>(),
    ...timestamps,
  },
  (t) => [uniqueIndex("products_store_slug_key").on(t.storeId, t.slug)],
);

export const productFiles = pgTable(
  "product_files",
  {
    id: id(),
    storeId: storeId(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** The name buyers see, sanitized: no path separators, control or bidi characters. */
    fileName: text("file_name").notNull(),
    /** Detected from the bytes where possible. */
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Key in the storage backend; replacing the file points it at the new object. */
    storageKey: text("storage_key").notNull(),
    /** Order on the product page and in the buyer's downloads. */
    position: integer("position").notNull().default(0),
    /**
     * Set when the owner removes the file: new buyers no longer get it, but the row stays
     * so earlier buyers' grants keep working.
     */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("product_files_product_idx").on(t.productId, t.position),
    index("product_files_store_idx").on(t.storeId),
  ],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type ProductFile = typeof productFiles.$inferSelect;
export type ProductStatus = (typeof productStatus.enumValues)[number];
