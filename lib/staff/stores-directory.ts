import "server-only";
import { and, asc, eq, gt, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  storeMemberships,
  stores,
  storeStripeSettings,
  users,
  webhookDeliveries,
  webhookRefusals,
  type PaymentMode,
  type Store,
} from "@/db/schema";
import { billingStanding, currentSubscriptions, type BillingStanding } from "@/lib/billing/standing";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { PAGE_SIZE } from "@/lib/pagination";
import { containing } from "@/lib/sql-text";

/**
 * The staff console's stores directory: every store with its owner and its health at a
 * glance. Staff see across stores (the platform scope) but never a store's secrets: the
 * query names each column it reads, and none of them holds a key or a signing secret.
 */
export type DirectoryStore = {
  id: string;
  subdomain: string;
  name: string;
  status: Store["status"];
  paused: boolean;
  ownerEmail: string | null;
  activeMode: PaymentMode;
  /** Deliveries that failed on our side, and refused deliveries, in the last 24 hours. */
  failedLast24h: number;
  refusedLast24h: number;
  /** Where the store stands with the platform's billing (lib/billing/standing.ts). */
  billing: BillingStanding["kind"];
  createdAt: Date;
};

export const directoryQuery = z.object({
  q: z.string().trim().max(254).optional().catch(undefined),
  /** The subdomain the previous page ended at (subdomains are unique, so they order pages). */
  after: z
    .string()
    .regex(/^[a-z0-9-]{1,63}$/)
    .optional()
    .catch(undefined),
});
export type DirectoryQuery = z.infer<typeof directoryQuery>;

export async function listStoresForStaff(
  query: DirectoryQuery,
  limit = PAGE_SIZE,
): Promise<{ rows: DirectoryStore[]; nextAfter: string | null }> {
  const db = await getDb();
  const since = sql`now() - interval '24 hours'`;
  const owner = db
    .select({ storeId: storeMemberships.storeId, email: sql<string>`min(${users.email})`.as("owner_email") })
    .from(storeMemberships)
    .innerJoin(users, eq(users.id, storeMemberships.userId))
    .where(eq(storeMemberships.role, "owner"))
    .groupBy(storeMemberships.storeId)
    .as("owner");
  const q = query.q?.toLowerCase();
  const rows = await asPlatform(() =>
    db
      .select({
        id: stores.id,
        subdomain: stores.subdomain,
        name: stores.name,
        status: stores.status,
        pausedAt: stores.pausedAt,
        createdAt: stores.createdAt,
        ownerEmail: owner.email,
        liveMode: storeStripeSettings.liveMode,
        failedLast24h: sql<number>`(select count(*)::int from ${webhookDeliveries} d
          where d.store_id = ${stores.id} and d.outcome = 'failed' and d.received_at > ${since})`,
        refusedLast24h: sql<number>`(select coalesce(sum(r.count), 0)::int from ${webhookRefusals} r
          where r.store_id = ${stores.id} and r.last_seen_at > ${since})`,
      })
      .from(stores)
      .leftJoin(owner, eq(owner.storeId, stores.id))
      .leftJoin(storeStripeSettings, eq(storeStripeSettings.storeId, stores.id))
      .where(
        and(
          q ? or(ilike(stores.subdomain, containing(q)), ilike(owner.email, containing(q))) : undefined,
          query.after ? gt(stores.subdomain, query.after) : undefined,
        ),
      )
      .orderBy(asc(stores.subdomain))
      .limit(limit + 1),
  );
  const shown = rows.slice(0, limit);
  const subscriptions = await asPlatform(() =>
    currentSubscriptions(
      db,
      shown.map((row) => row.id),
    ),
  );
  const page = shown.map((row): DirectoryStore => ({
    id: row.id,
    subdomain: row.subdomain,
    name: row.name,
    status: row.status,
    paused: row.pausedAt !== null,
    ownerEmail: row.ownerEmail,
    activeMode: row.liveMode ? "live" : "test",
    failedLast24h: Number(row.failedLast24h),
    refusedLast24h: Number(row.refusedLast24h),
    billing: billingStanding(row, subscriptions.get(row.id) ?? null).kind,
    createdAt: row.createdAt,
  }));
  return { rows: page, nextAfter: rows.length > limit ? (page[page.length - 1]?.subdomain ?? null) : null };
}
