import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { and, eq, inArray } from "drizzle-orm";
import { products, type Product } from "@/db/schema";
import { acceptedAmount } from "@/lib/catalog/pricing";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
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

/** Writes the cart cookie of the request's store host (server actions only). */
export async function writeCartCookie(entries: CartEntry[]): Promise<void> {
  (await cookies()).set(CART_COOKIE, serializeCart(entries), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 30 * 24 * 3600,
  });
}

/**
 * The cart's lines for checkout. Lines the store can no longer sell as they are (archived,
 * or an amount below a raised minimum) are dropped from the cookie and the shopper is told,
 * rather than the checkout failing on them again and again.
 */
export async function checkoutLines(storeId: string): Promise<CartLine[]> {
  const entries = parseCart((await cookies()).get(CART_COOKIE)?.value);
  if (entries.length === 0) throw new AppError("empty_cart", "Your cart is empty.");
  const { lines } = await priceCart(storeId, entries);
  if (lines.length < entries.length) {
    const sellable = new Set(lines.map((l) => l.product.id));
    await writeCartCookie(entries.filter((e) => sellable.has(e.productId)));
    throw new AppError(
      "cart_changed",
      "Some products in your cart changed or are no longer for sale. Check your cart.",
      409,
    );
  }
  return cartLines(entries);
}

export function parseCart(raw: string | undefined): CartEntry[] {
  if (!raw) return [];
  try {
    const parsed = cartSchema.safeParse(JSON.parse(raw));
    return parsed.success ? dedupe(parsed.data) : [];
  } catch {
    return [];
  }
}

function serializeCart(entries: CartEntry[]): string {
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

function cartLines(entries: CartEntry[]): CartLine[] {
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
