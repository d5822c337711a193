import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { storeMemberships, stores, type Store, type StoreRole } from "@/db/schema";
import { getDb } from "@/lib/db";

export async function findMembershipRole(storeId: string, userId: string): Promise<StoreRole | null> {
  const db = await getDb();
  const [row] = await db
    .select({ role: storeMemberships.role })
    .from(storeMemberships)
    .where(and(eq(storeMemberships.storeId, storeId), eq(storeMemberships.userId, userId)))
    .limit(1);
  return row?.role ?? null;
}

export async function listStoresOfUser(userId: string): Promise<(Store & { role: StoreRole })[]> {
  const db = await getDb();
  const rows = await db
    .select({ store: stores, role: storeMemberships.role })
    .from(storeMemberships)
    .innerJoin(stores, eq(stores.id, storeMemberships.storeId))
    .where(eq(storeMemberships.userId, userId))
    .orderBy(asc(stores.name));
  return rows.map(({ store, role }) => ({ ...store, role }));
}
