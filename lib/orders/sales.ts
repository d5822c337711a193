import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { orders } from "@/db/schema";
import { getDb } from "@/lib/db";
import { PAID_STATUSES } from "./status";

export const SALES_DAYS = 30;

type Series = { daily: number[]; total: number };

/**
 * A store's sales per UTC day over the 30 days ending today, oldest first. Every day is
 * present, zero when nothing sold. Orders count on the day they were paid; refunds come
 * off that day's revenue. Test orders are counted apart and never reach revenue.
 */
export type SalesOverview = {
  /** The days as YYYY-MM-DD, oldest first; the last is today. */
  days: string[];
  /** Live revenue in minor units, net of refunds, one series per currency; the store's currency always, and first. */
  revenue: (Series & { currency: string })[];
  liveOrders: Series;
  testOrders: Series;
};

const DAY_MS = 86_400_000;

/** The UTC days of the window ending on `now`'s day, and its bounds (start inclusive, end exclusive). */
export function salesWindow(now: Date): { days: string[]; start: Date; end: Date } {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const start = end - SALES_DAYS * DAY_MS;
  const days = Array.from({ length: SALES_DAYS }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
  return { days, start: new Date(start), end: new Date(end) };
}

export async function salesOverview(
  storeId: string,
  options: { currency: string; now?: Date },
): Promise<SalesOverview> {
  const { days, start, end } = salesWindow(options.now ?? new Date());
  const currency = options.currency.toLowerCase();
  const paidDay = sql<string>`to_char(${orders.paidAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const db = await getDb();
  const rows = await db
    .select({
      day: paidDay,
      mode: orders.mode,
      currency: orders.currency,
      count: sql<number>`count(*)`.mapWith(Number),
      net: sql<string>`sum(${orders.totalAmount} - ${orders.amountRefunded})`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.storeId, storeId),
        inArray(orders.status, [...PAID_STATUSES]),
        gte(orders.paidAt, start),
        lt(orders.paidAt, end),
      ),
    )
    .groupBy(paidDay, orders.mode, orders.currency)
    .orderBy(orders.currency);

  const index = new Map(days.map((day, i) => [day, i]));
  const zeros = () => days.map(() => 0);
  const liveOrders = zeros();
  const testOrders = zeros();
  const revenue = new Map<string, number[]>([[currency, zeros()]]);
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    if (row.mode === "test") {
      testOrders[i]! += row.count;
      continue;
    }
    liveOrders[i]! += row.count;
    const daily = revenue.get(row.currency) ?? zeros();
    daily[i]! += Number(row.net);
    revenue.set(row.currency, daily);
  }
  const sum = (daily: number[]) => daily.reduce((a, b) => a + b, 0);
  return {
    days,
    revenue: [...revenue].map(([code, daily]) => ({ currency: code, daily, total: sum(daily) })),
    liveOrders: { daily: liveOrders, total: sum(liveOrders) },
    testOrders: { daily: testOrders, total: sum(testOrders) },
  };
}
