import "server-only";
import type { Product, ProductFile, Store } from "@/db/schema";
import { findPublishedProduct, listProductFiles, listPublishedProducts } from "./products";

/*
 * The storefront's catalogue reads (home and product pages), remembered per store.
 *
 * Every request reads its store's row anyway (lib/tenancy/request-store.ts), and that row
 * carries `catalogVersion`, which a database trigger moves in the same transaction as any
 * change to the store's products or files (migration 0011). A remembered read is used only
 * while its version is the one on the row, so a change shows on the next request on every
 * app instance, with no message between instances to lose or to wait for. Settings, the
 * pause switch and Stripe keys are not cached at all: they are on rows read per request.
 *
 * Money is never priced from here: cart and checkout read the catalogue afresh.
 */

type Versioned = Pick<Store, "id" | "catalogVersion">;
type StoreReads = { version: number; reads: Map<string, Promise<unknown>> };

/** Least recently used first (Map order); bounded so a platform of many stores fits in memory. */
const byStore = new Map<string, StoreReads>();
const MAX_STORES = 2_000;
/** Reads per store and version: product pages by slug, including slugs that find nothing. */
const MAX_READS_PER_STORE = 500;

function cachedRead<T>(store: Versioned, key: string, read: () => Promise<T>): Promise<T> {
  let entry = byStore.get(store.id);
  // A row older than what is remembered (read before a change another request already saw):
  // answer it from the database, and keep the newer reads.
  if (entry && entry.version > store.catalogVersion) return read();
  if (!entry || entry.version !== store.catalogVersion) {
    entry = { version: store.catalogVersion, reads: new Map() };
  }
  byStore.delete(store.id);
  byStore.set(store.id, entry);
  if (byStore.size > MAX_STORES) byStore.delete(byStore.keys().next().value!);

  const known = entry.reads.get(key) as Promise<T> | undefined;
  if (known) return known;
  if (entry.reads.size >= MAX_READS_PER_STORE) entry.reads.clear();
  // The row was read before this query starts, so what it returns is at least that version.
  const pending = read();
  const reads = entry.reads;
  reads.set(key, pending);
  // A failed read is not remembered: the next request tries again.
  pending.catch(() => reads.get(key) === pending && reads.delete(key));
  return pending;
}

/** The storefront's product grid: the store's published products. */
export function storefrontProducts(store: Versioned): Promise<Product[]> {
  return cachedRead(store, "products", () => listPublishedProducts(store.id));
}

/** A published product by its slug, or null. */
export function storefrontProduct(store: Versioned, slug: string): Promise<Product | null> {
  return cachedRead(store, `product:${slug}`, () => findPublishedProduct(store.id, slug));
}

/** The files a product's page lists. */
export function storefrontProductFiles(store: Versioned, productId: string): Promise<ProductFile[]> {
  return cachedRead(store, `files:${productId}`, () => listProductFiles(store.id, productId));
}
