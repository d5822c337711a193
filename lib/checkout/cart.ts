import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { products, type Product } from "@/db/schema";
import { getDb } from "@/lib/db";

/**
 * The cart lives in a host-only cookie, so each store's subdomain has its own cart. It
 * holds product ids only; prices always come from the database. A digital download is
 * bought once per order, so a line has no quantity.
 */
export const CART_COOKIE = "cart";
const MAX_LINES = 50;

const cartSchema = z.array(z.uuid()).max(MAX_LINES);

export function parseCart(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const parsed = cartSchema.safeParse(JSON.parse(raw));
    return parsed.success ? [...new Set(parsed.data)] : [];
  } catch {
    return [];
  }
}

export function serializeCart(productIds: string[]): string {
  return JSON.stringify([...new Set(productIds)].slice(0, MAX_LINES));
}

export type PricedCart = { lines: Product[]; total: number; currency: string | null; unavailable: number };

/** The cart's products as the store sells them now; products no longer for sale drop out. */
export async function priceCart(storeId: string, productIds: string[]): Promise<PricedCart> {
  if (productIds.length === 0) return { lines: [], total: 0, currency: null, unavailable: 0 };
  const db = await getDb();
  const found = await db
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), inArray(products.id, productIds), eq(products.status, "published")));
  const byId = new Map(found.map((p) => [p.id, p]));
  const lines = productIds.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
  return {
    lines,
    total: lines.reduce((sum, p) => sum + p.priceAmount, 0),
    currency: lines[0]?.currency ?? null,
    unavailable: productIds.length - lines.length,
  };
}
