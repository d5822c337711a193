import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { webhookDeliveries, webhookEvents, type WebhookDelivery } from "@/db/schema";
import { getDb } from "@/lib/db";

export type DeliveryRecord = Omit<typeof webhookDeliveries.$inferInsert, "id" | "receivedAt">;

const EXCERPT_CHARS = 4000;

export async function recordDelivery(record: DeliveryRecord): Promise<void> {
  const db = await getDb();
  await db
    .insert(webhookDeliveries)
    .values({ ...record, bodyExcerpt: record.bodyExcerpt?.slice(0, EXCERPT_CHARS) ?? null });
}

export async function listDeliveries(storeId: string, limit = 100): Promise<WebhookDelivery[]> {
  const db = await getDb();
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.storeId, storeId))
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(limit);
}

/**
 * Refusals since the last accepted delivery within `withinHours`, newest first: what the
 * admin banner warns about. Once a delivery gets through, the problem counts as fixed.
 */
export async function recentRefusals(storeId: string, withinHours = 72): Promise<WebhookDelivery[]> {
  const recent = await listDeliveriesSince(storeId, new Date(Date.now() - withinHours * 3600_000));
  const lastAccepted = recent.findIndex(
    (d) => d.outcome === "processed" || d.outcome === "duplicate" || d.outcome === "ignored",
  );
  return (lastAccepted === -1 ? recent : recent.slice(0, lastAccepted)).filter((d) => d.outcome === "refused");
}

async function listDeliveriesSince(storeId: string, since: Date): Promise<WebhookDelivery[]> {
  const db = await getDb();
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.storeId, storeId), gte(webhookDeliveries.receivedAt, since)))
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(200);
}

export async function listStoredEvents(storeId: string, limit = 100) {
  const db = await getDb();
  return db
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.storeId, storeId))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(limit);
}
