import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { productFiles, products, type Product, type ProductFile } from "@/db/schema";
import { getDb } from "@/lib/db";

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

/** Every product of a store with its files, for the admin. */
export async function listProductsWithFiles(storeId: string): Promise<(Product & { files: ProductFile[] })[]> {
  const db = await getDb();
  const rows = await db.select().from(products).where(eq(products.storeId, storeId)).orderBy(asc(products.name));
  if (rows.length === 0) return [];
  const files = await db
    .select()
    .from(productFiles)
    .where(and(eq(productFiles.storeId, storeId), inArray(productFiles.productId, rows.map((p) => p.id))));
  return rows.map((p) => ({ ...p, files: files.filter((f) => f.productId === p.id) }));
}

export async function listProductFiles(storeId: string, productId: string): Promise<ProductFile[]> {
  const db = await getDb();
  return db
    .select()
    .from(productFiles)
    .where(and(eq(productFiles.storeId, storeId), eq(productFiles.productId, productId)))
    .orderBy(asc(productFiles.fileName));
}
