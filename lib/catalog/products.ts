import "server-only";
import { and, asc, count, eq, inArray, isNull, like, ne } from "drizzle-orm";
import { orderItems, orders, productFiles, products, type Product, type ProductFile } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getStorage } from "@/lib/storage";
import { parseProductInput, type ProductForm, type ProductInput } from "./product-input";
import { firstFreeSlug, SLUG_MAX_LENGTH, slugify } from "./slug";

/*
 * The catalogue of one store. Every function takes the store id and filters by it, so a
 * product id from another store finds nothing.
 */

/** What the storefront shows: published products of one store. */
export async function listPublishedProducts(storeId: string): Promise<Product[]> {
  const db = await getDb();
  return db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.status, "published")))
    .orderBy(asc(products.name));
}

export async function findPublishedProduct(storeId: string, slug: string): Promise<Product | null> {
  const db = await getDb();
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.slug, slug), eq(products.status, "published")))
    .limit(1);
  return product ?? null;
}

export async function findPublishedProductById(storeId: string, productId: string): Promise<Product | null> {
  if (!isUuid(productId)) return null;
  const db = await getDb();
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.id, productId), eq(products.status, "published")))
    .limit(1);
  return product ?? null;
}

/** The files a product delivers now, in the owner's order; removed files are left out. */
export async function listProductFiles(storeId: string, productId: string): Promise<ProductFile[]> {
  const db = await getDb();
  return db
    .select()
    .from(productFiles)
    .where(
      and(eq(productFiles.storeId, storeId), eq(productFiles.productId, productId), isNull(productFiles.removedAt)),
    )
    .orderBy(asc(productFiles.position), asc(productFiles.createdAt));
}

export type AdminProductRow = Product & { fileCount: number; liveSales: number; testSales: number };

/** Every product of a store for Admin → Products, with its file count and paid sales per mode. */
export async function listAdminProducts(storeId: string): Promise<AdminProductRow[]> {
  const db = await getDb();
  const rows = await db.select().from(products).where(eq(products.storeId, storeId)).orderBy(asc(products.name));
  if (rows.length === 0) return [];
  const ids = rows.map((p) => p.id);
  const [files, sales] = await Promise.all([
    db
      .select({ productId: productFiles.productId, n: count() })
      .from(productFiles)
      .where(
        and(eq(productFiles.storeId, storeId), inArray(productFiles.productId, ids), isNull(productFiles.removedAt)),
      )
      .groupBy(productFiles.productId),
    db
      .select({ productId: orderItems.productId, mode: orders.mode, n: count() })
      .from(orderItems)
      .innerJoin(orders, and(eq(orders.id, orderItems.orderId), eq(orders.storeId, storeId)))
      .where(
        and(
          eq(orderItems.storeId, storeId),
          inArray(orderItems.productId, ids),
          inArray(orders.status, ["paid", "partially_refunded"]),
        ),
      )
      .groupBy(orderItems.productId, orders.mode),
  ]);
  const fileCount = new Map(files.map((f) => [f.productId, f.n]));
  const salesOf = (id: string, mode: "live" | "test") =>
    sales.find((s) => s.productId === id && s.mode === mode)?.n ?? 0;
  return rows.map((p) => ({
    ...p,
    fileCount: fileCount.get(p.id) ?? 0,
    liveSales: salesOf(p.id, "live"),
    testSales: salesOf(p.id, "test"),
  }));
}

export type ProductWithFiles = Product & { files: ProductFile[] };

/** One product of this store with its current files, for the editor; null when it is not this store's. */
export async function getProductForAdmin(storeId: string, productId: string): Promise<ProductWithFiles | null> {
  const product = await findProduct(storeId, productId);
  return product && { ...product, files: await listProductFiles(storeId, productId) };
}

/** One product of this store; null for a malformed id or another store's product. */
async function findProduct(storeId: string, productId: string): Promise<Product | null> {
  if (!isUuid(productId)) return null;
  const db = await getDb();
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
    .limit(1);
  return product ?? null;
}

/** As `findProduct`, for actions: another store's product is "not found", never "forbidden". */
export async function requireProduct(storeId: string, productId: string): Promise<Product> {
  const product = await findProduct(storeId, productId);
  if (!product) throw productNotFound();
  return product;
}

/**
 * The editor's Save: validates the typed fields in the product's currency (the store's,
 * for a new product), then creates or updates. Field problems come back beside the fields.
 */
export async function saveProductForm(
  store: { id: string; currency: string },
  productId: string | null,
  form: ProductForm,
): Promise<Product> {
  const existing = productId ? await requireProduct(store.id, productId) : null;
  const parsed = parseProductInput(form, existing?.currency ?? store.currency);
  if (!parsed.ok) throw new AppError("invalid_product", "Check the highlighted fields.", 400, parsed.fieldErrors);
  return existing
    ? updateProduct(store.id, existing.id, parsed.value)
    : createProduct(store.id, store.currency, parsed.value);
}

export async function createProduct(storeId: string, currency: string, input: ProductInput): Promise<Product> {
  const db = await getDb();
  if (input.status === "published") throw noFilesToPublish();
  try {
    return await db.transaction(async (tx) => {
      const slug = await chooseSlug(tx, storeId, input, null);
      const [product] = await tx
        .insert(products)
        .values({ storeId, currency, ...productColumns(input), slug })
        .returning();
      if (!product) throw new Error("product insert returned no row");
      log.info({ storeId, productId: product.id }, "product created");
      return product;
    });
  } catch (error) {
    throw slugTakenOr(error);
  }
}

export async function updateProduct(storeId: string, productId: string, input: ProductInput): Promise<Product> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(products)
        .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
        .for("update");
      if (!current) throw productNotFound();
      if (input.status === "published") {
        const [files] = await tx
          .select({ n: count() })
          .from(productFiles)
          .where(
            and(
              eq(productFiles.storeId, storeId),
              eq(productFiles.productId, productId),
              isNull(productFiles.removedAt),
            ),
          );
        if (!files?.n) throw noFilesToPublish();
      }
      const slug = await chooseSlug(tx, storeId, input, current);
      const [product] = await tx
        .update(products)
        .set({ ...productColumns(input), slug })
        .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
        .returning();
      if (!product) throw productNotFound();
      log.info({ storeId, productId, status: product.status }, "product updated");
      return product;
    });
  } catch (error) {
    throw slugTakenOr(error);
  }
}

/**
 * Deletes a product that nobody has ever ordered, with its files. A product with orders
 * (even unpaid ones) is kept, so orders and buyers' downloads keep their history; the
 * owner archives it instead.
 */
export async function deleteProduct(storeId: string, productId: string): Promise<void> {
  const db = await getDb();
  const keys = await db.transaction(async (tx) => {
    const [product] = await tx
      .select()
      .from(products)
      .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
      .for("update");
    if (!product) throw productNotFound();
    const [ordered] = await tx
      .select({ n: count() })
      .from(orderItems)
      .where(and(eq(orderItems.storeId, storeId), eq(orderItems.productId, productId)));
    if (ordered?.n) {
      throw new AppError(
        "product_has_orders",
        "This product has been ordered, so it can't be deleted. Archive it instead: it leaves the storefront and buyers keep their downloads.",
        409,
      );
    }
    const files = await tx
      .select({ storageKey: productFiles.storageKey })
      .from(productFiles)
      .where(and(eq(productFiles.storeId, storeId), eq(productFiles.productId, productId)));
    await tx.delete(products).where(and(eq(products.storeId, storeId), eq(products.id, productId)));
    const cover = product.coverImage;
    return [...files.map((f) => f.storageKey), ...(cover ? [cover.originalKey, ...Object.values(cover.variants)] : [])];
  });
  log.info({ storeId, productId }, "product deleted");
  await deleteObjects(keys);
}

/** Removes stored objects after the rows pointing at them are gone; a failure only leaves an orphan. */
export async function deleteObjects(keys: string[]): Promise<void> {
  const storage = getStorage();
  await Promise.all(
    keys.map((key) =>
      storage
        .delete(key)
        .catch((err: unknown) => log.warn({ err, storageKey: key }, "could not delete a stored object")),
    ),
  );
}

function productColumns(input: ProductInput) {
  return {
    name: input.name,
    description: input.description,
    priceAmount: input.priceAmount,
    payWhatYouWant: input.payWhatYouWant,
    minimumAmount: input.payWhatYouWant ? input.minimumAmount : null,
    status: input.status,
    downloadLimit: input.downloadLimit,
    downloadExpiryDays: input.downloadExpiryDays,
  };
}

/**
 * The slug to save: the owner's own (which must be free), else the current one, else one
 * generated from the name with a number added until it is free in this store.
 */
async function chooseSlug(tx: Tx, storeId: string, input: ProductInput, current: Product | null): Promise<string> {
  const others = current ? ne(products.id, current.id) : undefined;
  if (input.slug) {
    const [clash] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.storeId, storeId), eq(products.slug, input.slug), others))
      .limit(1);
    if (clash) throw slugTaken();
    return input.slug;
  }
  if (current) return current.slug;
  const base = slugify(input.name) || "product";
  const taken = await tx
    .select({ slug: products.slug })
    .from(products)
    // Numbered slugs may shorten the base to fit the suffix, so match on the shortest stem.
    .where(and(eq(products.storeId, storeId), like(products.slug, `${base.slice(0, SLUG_MAX_LENGTH - 8)}%`)));
  return firstFreeSlug(base, new Set(taken.map((t) => t.slug)));
}

function slugTaken() {
  return new AppError("slug_taken", "Another product already uses this address.", 409, {
    slug: "Another product in your store already uses this address. Choose another.",
  });
}

/** Two saves racing for one slug: the unique index decides, and the loser hears why. */
function slugTakenOr(error: unknown): unknown {
  return isUniqueViolation(error, "products_store_slug_key") ? slugTaken() : error;
}

function noFilesToPublish() {
  return new AppError("no_files", "Add at least one file before publishing.", 400, {
    status: "Add at least one file before publishing: buyers would get nothing.",
  });
}

export function productNotFound() {
  return new AppError("product_not_found", "This product does not exist in your store.", 404);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
