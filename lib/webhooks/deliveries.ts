import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import {
  webhookDeliveries,
  webhookDeliveryOutcome,
  webhookEvents,
  type WebhookDelivery,
  type WebhookEvent,
} from "@/db/schema";
import { getDb, type Executor } from "@/lib/db";
import { afterCursor, cursorAt, PAGE_SIZE, toPage, type Cursor, type Page } from "@/lib/pagination";

const verifiedOutcome = z.enum(webhookDeliveryOutcome.enumValues).exclude(["refused"]);
export type VerifiedOutcome = z.infer<typeof verifiedOutcome>;
/** The outcomes the deliveries list can be filtered by. */
export const verifiedOutcomes = verifiedOutcome.options;

/**
 * A verified delivery (processed, duplicate, ignored or failed). Refused ones never come
 * here: anyone can send those, so they are counted in `webhook_refusals` (refusals.ts).
 */
export type DeliveryRecord = Omit<typeof webhookDeliveries.$inferInsert, "id" | "receivedAt" | "outcome"> & {
  outcome: VerifiedOutcome;
};

const EXCERPT_CHARS = 4000;

/** Records a delivery, on the caller's transaction when given (so it commits with the event's work). */
export async function recordDelivery(record: DeliveryRecord, executor?: Executor): Promise<void> {
  const db = executor ?? (await getDb());
  await db
    .insert(webhookDeliveries)
    .values({ ...record, bodyExcerpt: record.bodyExcerpt?.slice(0, EXCERPT_CHARS) ?? null });
}

export type DeliveryFilter = { outcome?: VerifiedOutcome };

/** The deliveries list's filter as the URL carries it; anything unknown is ignored, not an error. */
export const deliveryFilterSchema = z.object({
  outcome: verifiedOutcome.optional().catch(undefined),
});

type PageRequest = { cursor?: Cursor | null; limit?: number };

/** One page of verified deliveries, newest first, after `cursor`: what the Webhooks page lists. */
export async function listDeliveries(
  storeId: string,
  filter: DeliveryFilter = {},
  page: PageRequest = {},
): Promise<Page<WebhookDelivery>> {
  const limit = page.limit ?? PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({ delivery: webhookDeliveries, at: cursorAt(webhookDeliveries.receivedAt) })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.storeId, storeId),
        // Rows from before refusals moved to webhook_refusals may still be marked `refused`.
        ne(webhookDeliveries.outcome, "refused"),
        filter.outcome ? eq(webhookDeliveries.outcome, filter.outcome) : undefined,
        afterCursor(webhookDeliveries.receivedAt, webhookDeliveries.id, page.cursor),
      ),
    )
    .orderBy(desc(webhookDeliveries.receivedAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ delivery, at }) => ({ row: delivery, cursor: { at, id: delivery.id } }));
}

/** One page of the store's verified events, newest first, after `cursor`. */
export async function listStoredEvents(storeId: string, page: PageRequest = {}): Promise<Page<WebhookEvent>> {
  const limit = page.limit ?? PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({ event: webhookEvents, at: cursorAt(webhookEvents.receivedAt) })
    .from(webhookEvents)
    .where(
      and(eq(webhookEvents.storeId, storeId), afterCursor(webhookEvents.receivedAt, webhookEvents.id, page.cursor)),
    )
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ event, at }) => ({ row: event, cursor: { at, id: event.id } }));
}
