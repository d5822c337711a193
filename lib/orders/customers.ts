import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { PAGE_SIZE, type Page } from "@/lib/pagination";
import { PAID_STATUSES } from "./status";
import { containing } from "@/lib/sql-text";

/**
 * A store's customers: its buyers grouped by email, case-insensitively. Only orders that
 * got paid (paid, partially or fully refunded) count; a pending, failed or canceled
 * order is a checkout, not a purchase.
 */
export type Customer = {
  /** The email as the buyer last typed it. */
  email: string;
  /** Live paid orders. */
  orderCount: number;
  /** Test-mode paid orders, counted apart and never in `spent`. */
  testOrderCount: number;
  /** Live spending per currency, net of refunds, in minor units. */
  spent: { currency: string; amount: number }[];
  lastOrderAt: Date;
};

/**
 * Where a customers page ended: the last customer's latest order time, exactly as
 * Postgres prints it (microseconds, like `lib/pagination.ts`), and their lowercased email.
 */
export type CustomerCursor = { at: string; email: string };

const customerCursorShape = z.tuple([
  z
    .string()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/),
  z.string().min(1).max(320),
]);

export function encodeCustomerCursor(cursor: CustomerCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.email])).toString("base64url");
}

/** The cursor in a URL, or null if there is none or it was tampered with (then the list starts over). */
export function decodeCustomerCursor(raw: string | undefined | null): CustomerCursor | null {
  if (!raw || raw.length > 600) return null;
  try {
    const parsed = customerCursorShape.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? { at: parsed.data[0], email: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** The customers list's search as the URL carries it; anything unusable is ignored, not an error. */
export const customerFilterSchema = z.object({
  q: z.string().trim().max(254).optional().catch(undefined),
});

export type CustomerFilter = z.infer<typeof customerFilterSchema>;

const customerKey = sql<string>`lower(${orders.email})`;
// paid_at is set whenever an order is paid; created_at stands in so the keyset never meets a null.
const lastOrderAt = sql`max(coalesce(${orders.paidAt}, ${orders.createdAt}))`;

function paidOrdersOf(storeId: string, filter: CustomerFilter): SQL | undefined {
  const q = filter.q?.trim().toLowerCase();
  return and(
    eq(orders.storeId, storeId),
    inArray(orders.status, [...PAID_STATUSES]),
    q ? sql`${customerKey} like ${containing(q)}` : undefined,
  );
}

/** One page of a store's customers, most recent buyer first, after `cursor`. */
export async function listCustomers(
  storeId: string,
  filter: CustomerFilter = {},
  page: { cursor?: CustomerCursor | null; limit?: number } = {},
): Promise<Page<Customer>> {
  const limit = page.limit ?? PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({
      key: customerKey,
      email: sql<string>`(array_agg(${orders.email} order by coalesce(${orders.paidAt}, ${orders.createdAt}) desc))[1]`,
      orderCount: sql<number>`count(*) filter (where ${orders.mode} = 'live')`.mapWith(Number),
      testOrderCount: sql<number>`count(*) filter (where ${orders.mode} = 'test')`.mapWith(Number),
      lastOrderAt: sql<Date>`${lastOrderAt}`.mapWith(orders.createdAt),
      at: sql<string>`${lastOrderAt}::text`,
    })
    .from(orders)
    .where(paidOrdersOf(storeId, filter))
    .groupBy(customerKey)
    .having(
      page.cursor
        ? sql`(${lastOrderAt}, ${customerKey}) < (${page.cursor.at}::timestamptz, ${page.cursor.email}::text)`
        : undefined,
    )
    .orderBy(desc(lastOrderAt), desc(customerKey))
    .limit(limit + 1);

  const shown = rows.slice(0, limit);
  const spent = await liveSpending(
    storeId,
    shown.map((r) => r.key),
  );
  const last = shown[shown.length - 1];
  return {
    rows: shown.map((r) => ({
      email: r.email,
      orderCount: r.orderCount,
      testOrderCount: r.testOrderCount,
      spent: spent.get(r.key) ?? [],
      lastOrderAt: r.lastOrderAt,
    })),
    nextCursor: rows.length > limit && last ? encodeCustomerCursor({ at: last.at, email: last.key }) : null,
  };
}

/** Live spending, net of refunds, per customer key and currency; test orders never count. */
async function liveSpending(storeId: string, keys: string[]) {
  const byKey = new Map<string, { currency: string; amount: number }[]>();
  if (keys.length === 0) return byKey;
  const db = await getDb();
  const rows = await db
    .select({
      key: customerKey,
      currency: orders.currency,
      amount: sql<string>`sum(${orders.totalAmount} - ${orders.amountRefunded})`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.storeId, storeId),
        eq(orders.mode, "live"),
        inArray(orders.status, [...PAID_STATUSES]),
        inArray(customerKey, keys),
      ),
    )
    .groupBy(customerKey, orders.currency)
    .orderBy(orders.currency);
  for (const row of rows) {
    byKey.set(row.key, [...(byKey.get(row.key) ?? []), { currency: row.currency, amount: Number(row.amount) }]);
  }
  return byKey;
}
