import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { webhookDeliveries, webhookEvents, type WebhookDelivery } from "@/db/schema";
import { getDb } from "@/lib/db";

/**
 * A verified delivery (processed, duplicate, ignored or failed). Refused ones never come
 * here: anyone can send those, so they are counted in `webhook_refusals` (refusals.ts).
 */
export type DeliveryRecord = Omit<typeof webhookDeliveries.$inferInsert, "id" | "receivedAt" | "outcome"> & {
  outcome: Exclude<WebhookDelivery["outcome"], "refused">;
};

const EXCERPT_CHARS = 4000;

export async function recordDelivery(record: DeliveryRecord): Promise<void> {
  const db = await getDb();
  await db
    .insert(webhookDeliveries)
    .values({ ...record, bodyExcerpt: record.bodyExcerpt?.slice(0, EXCERPT_CHARS) ?? null });
}

/** Verified deliveries, newest first: what the Webhooks page lists. */
export async function listDeliveries(storeId: string, limit = 100): Promise<WebhookDelivery[]> {
  const db = await getDb();
  return (
    db
      .select()
      .from(webhookDeliveries)
      // Rows from before refusals moved to webhook_refusals may still be marked `refused`.
      .where(and(eq(webhookDeliveries.storeId, storeId), ne(webhookDeliveries.outcome, "refused")))
      .orderBy(desc(webhookDeliveries.receivedAt))
      .limit(limit)
  );
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
