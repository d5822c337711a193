import "server-only";
import { z } from "zod";
import { and, eq, inArray } from "drizzle-orm";
import { products, type Product } from "@/db/schema";
import { acceptedAmount } from "@/lib/catalog/pricing";
import { getDb } from "@/lib/db";
import type { CartLine } from "@/lib/orders/orders";

/**
 * The cart lives in a host-only cookie, so each store's subdomain has its own cart. It
 * holds product ids (and the shopper's amount for pay-what-you-want products) only;
 * prices are always decided by the server. A digital download is bought once per order,
 * so a line has no quantity.
 */
export const CART_COOKIE = "cart";
const MAX_LINES = 50;

export type CartEntry = { productId: string; amount?: number };

const entrySchema = z.union([
  // Carts written before pay-what-you-want held bare product ids.
  z.uuid().transform((productId): CartEntry => ({ productId })),
  z
    .object({ p: z.uuid(), a: z.number().int().nonnegative().optional() })
    .transform((e): CartEntry => ({ productId: e.p, amount: e.a })),
]);
const cartSchema = z.array(entrySchema).max(MAX_LINES);

export function parseCart(raw: string | undefined): CartEntry[] {
  if (!raw) return [];
  try {
    const parsed = cartSchema.safeParse(JSON.parse(raw));
    return parsed.success ? dedupe(parsed.data) : [];
  } catch {
    return [];
  }
}

export function serializeCart(entries: CartEntry[]): string {
  return JSON.stringify(
    dedupe(entries)
      .slice(0, MAX_LINES)
      .map((e) => (e.amount === undefined ? { p: e.productId } : { p: e.productId, a: e.amount })),
  );
}

/** One line per product; adding a product again replaces its line (e.g. a new amount). */
function dedupe(entries: CartEntry[]): CartEntry[] {
  const byId = new Map<string, CartEntry>();
  for (const entry of entries) {
    byId.delete(entry.productId);
    byId.set(entry.productId, entry);
  }
  return [...byId.values()];
}

export function cartLines(entries: CartEntry[]): CartLine[] {
  return entries.map((e) => ({ productId: e.productId, quantity: 1, amount: e.amount }));
}

export type PricedCart = {
  lines: { product: Product; amount: number }[];
  total: number;
  currency: string | null;
  /** Lines dropped: no longer for sale, or an amount the product no longer accepts. */
  unavailable: number;
};

/** The cart as the store would sell it now; lines it can't sell drop out. */
export async function priceCart(storeId: string, entries: CartEntry[]): Promise<PricedCart> {
  if (entries.length === 0) return { lines: [], total: 0, currency: null, unavailable: 0 };
  const db = await getDb();
  const found = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.storeId, storeId),
        inArray(
          products.id,
          entries.map((e) => e.productId),
        ),
        eq(products.status, "published"),
      ),
    );
  const byId = new Map(found.map((p) => [p.id, p]));
  const lines = entries.flatMap((entry) => {
    const product = byId.get(entry.productId);
    const accepted = product ? acceptedAmount(product, entry.amount) : null;
    return product && accepted?.ok ? [{ product, amount: accepted.amount }] : [];
  });
  return {
    lines,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
    currency: lines[0]?.product.currency ?? null,
    unavailable: entries.length - lines.length,
  };
}
