import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { stores, webhookDeliveries, webhookRefusals } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { takeContextSnapshot, type ContextSnapshot } from "@/lib/support/context-snapshot";

/**
 * A store's health right now, for the staff ticket page: the same non-secret context an
 * owner's ticket carries, taken fresh, plus the last 24 hours' webhook failures and
 * refusals. Read in the platform scope; nothing here holds a key or a secret.
 */
export type StoreHealth = {
  snapshot: ContextSnapshot;
  failedLast24h: number;
  refusedLast24h: number;
};

export async function storeHealthNow(storeId: string, now = new Date()): Promise<StoreHealth | null> {
  const db = await getDb();
  return asPlatform(async () => {
    const [store] = await db.select().from(stores).where(eq(stores.id, storeId)).limit(1);
    if (!store) return null;
    const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
    const [snapshot, [failed], [refused]] = await Promise.all([
      takeContextSnapshot(store, now),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.storeId, storeId),
            eq(webhookDeliveries.outcome, "failed"),
            gt(webhookDeliveries.receivedAt, since),
          ),
        ),
      db
        .select({ n: sql<number>`coalesce(sum(${webhookRefusals.count}), 0)::int` })
        .from(webhookRefusals)
        .where(and(eq(webhookRefusals.storeId, storeId), gt(webhookRefusals.lastSeenAt, since))),
    ]);
    return { snapshot, failedLast24h: Number(failed?.n ?? 0), refusedLast24h: Number(refused?.n ?? 0) };
  });
}
