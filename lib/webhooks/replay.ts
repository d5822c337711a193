import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { webhookEvents, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { kickOutbox } from "@/lib/email/worker";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { handleEvent } from "./handlers";

/**
 * "Replay": runs a stored, verified event through its handler again, e.g. after the owner
 * fixed what made it `ignored`. Handlers only move orders forward, so a replay of an event
 * that already took effect changes nothing.
 */
export async function replayStoredEvent(
  store: Store,
  webhookEventId: string,
): Promise<{ outcome: string; note: string | null }> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [stored] = await tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.storeId, store.id), eq(webhookEvents.id, webhookEventId)))
      .for("update")
      .limit(1);
    if (!stored) throw new AppError("event_not_found", "That event is not stored for this store.", 404);
    const handled = await handleEvent({ tx, store, event: stored.payload as Stripe.Event, mode: stored.mode });
    const note = `Replayed ${new Date().toISOString()}: ${handled.note ?? handled.outcome}`;
    await tx
      .update(webhookEvents)
      .set({ status: handled.outcome, error: note, processedAt: new Date() })
      .where(eq(webhookEvents.id, stored.id));
    return { outcome: handled.outcome, note: handled.note ?? null, eventId: stored.stripeEventId };
  });
  log.info({ storeId: store.id, eventId: result.eventId, outcome: result.outcome }, "webhook event replayed");
  kickOutbox();
  return { outcome: result.outcome, note: result.note };
}
