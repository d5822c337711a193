import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { webhookEvents, type PaymentMode, type Store } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
import { kickOutbox } from "@/lib/email/worker";
import { log } from "@/lib/log";
import { loadWebhookSecrets } from "@/lib/stripe/settings";
import { recordDelivery } from "./deliveries";
import { handleEvent } from "./handlers";
import type { HandlerResult } from "./handlers/types";
import { REFUSALS, type Refusal } from "./refusal-codes";
import { recordRefusal } from "./refusals";
import { screenDelivery, type Claims } from "./screen";
import { verifyDelivery } from "./verify";

export type WebhookResponse = { status: 200 | 400 | 413 | 500; body: Record<string, unknown> };

/**
 * The /shop/webhook/ pipeline: screen out what cannot be from Stripe, verify with the
 * active mode's secret (diagnosing refusals), store the event once per store, process it
 * in the same transaction, and answer 200 only after the commit. A processing error rolls
 * everything back and answers 500 so Stripe retries. Refusals are counted per hour and
 * diagnosis (refusals.ts); only verified deliveries are logged one by one.
 */
export async function receiveWebhook(
  store: Store,
  rawBody: string,
  signatureHeader: string | null,
): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  const screening = screenDelivery(rawBody, signatureHeader);
  if (!screening.ok) return refuse(store, screening.refusal, screening.claims, rawBody, elapsed());
  const { activeMode, secrets } = await loadWebhookSecrets(store.id);
  const verification = verifyDelivery({
    rawBody,
    signatureHeader: screening.signatureHeader,
    activeMode,
    secrets,
  });
  if (!verification.ok) return refuse(store, verification, screening.claims, rawBody, elapsed());

  const { event } = verification;
  const base = {
    storeId: store.id,
    stripeEventId: event.id,
    eventType: event.type,
    livemode: event.livemode,
    bodyExcerpt: rawBody,
  };
  try {
    const result = await processOnce(store, event, activeMode, (handled, tx) =>
      recordDelivery(
        {
          ...base,
          outcome: handled === "duplicate" ? "duplicate" : handled.outcome,
          httpStatus: 200,
          diagnosisCode: handled === "duplicate" ? null : (handled.code ?? null),
          diagnosis: handled === "duplicate" ? "Already received; nothing changed." : (handled.note ?? null),
          durationMs: elapsed(),
        },
        tx,
      ),
    );
    const outcome = result === "duplicate" ? "duplicate" : result.outcome;
    const paymentIntentId = result === "duplicate" ? undefined : result.paymentIntentId;
    log[outcome === "failed" ? "warn" : "info"](
      { storeId: store.id, eventId: event.id, type: event.type, paymentIntentId, outcome, durationMs: elapsed() },
      "webhook handled",
    );
    if (outcome === "processed") kickOutbox();
    return { status: 200, body: { received: true, outcome } };
  } catch (error) {
    log.error(
      { err: error, storeId: store.id, eventId: event.id, type: event.type, outcome: "failed", durationMs: elapsed() },
      "webhook processing failed",
    );
    await recordDelivery({
      ...base,
      outcome: "failed",
      httpStatus: 500,
      diagnosisCode: "processing_error",
      diagnosis: "The event was verified but processing failed on our side; nothing was saved. Stripe will retry it.",
      durationMs: elapsed(),
    }).catch((recordError: unknown) => log.error({ err: recordError }, "could not record webhook failure"));
    return { status: 500, body: { error: "Processing failed; please retry." } };
  }
}

/** A body over the size limit, refused unread (the route stops reading at the limit). */
export async function receiveOversizedWebhook(store: Store): Promise<WebhookResponse> {
  const refusal: Refusal = { code: "body_too_large", diagnosis: REFUSALS.body_too_large.explanation };
  return refuse(store, refusal, { id: null, type: null, livemode: null }, null, 0);
}

/**
 * Stores and processes the event in one transaction, with its delivery record: one commit,
 * and the 200 only after it. The unique (store, event id) index makes concurrent
 * re-deliveries wait for the first, then see it as a duplicate; if the first rolls back, a
 * retry processes the event afresh.
 */
async function processOnce(
  store: Store,
  event: Stripe.Event,
  mode: PaymentMode,
  record: (result: HandlerResult | "duplicate", tx: Tx) => Promise<void>,
): Promise<HandlerResult | "duplicate"> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(webhookEvents)
      .values({
        storeId: store.id,
        stripeEventId: event.id,
        type: event.type,
        mode,
        payload: event,
        // What most events end as; anything else is written over below, in this transaction.
        status: "processed",
        processedAt: new Date(),
      })
      .onConflictDoNothing({ target: [webhookEvents.storeId, webhookEvents.stripeEventId] })
      .returning({ id: webhookEvents.id });
    if (!inserted) {
      await record("duplicate", tx);
      return "duplicate";
    }
    const result = await handleEvent({ tx, store, event, mode });
    if (result.outcome !== "processed" || result.note) {
      await tx
        .update(webhookEvents)
        .set({ status: result.outcome, error: result.note ?? null, processedAt: new Date() })
        .where(and(eq(webhookEvents.storeId, store.id), eq(webhookEvents.id, inserted.id)));
    }
    await record(result, tx);
    return result;
  });
}

/**
 * Counts the refusal and answers it. The first refusal of a store, diagnosis and hour is
 * logged, then every tenfold (10th, 100th…), so a flood cannot flood the logs either.
 */
async function refuse(
  store: Store,
  refusal: Refusal,
  claims: Claims,
  rawBody: string | null,
  durationMs: number,
): Promise<WebhookResponse> {
  const countThisHour = await recordRefusal({ storeId: store.id, code: refusal.code, claims, rawBody });
  if (/^10*$/.test(String(countThisHour))) {
    log.warn(
      {
        storeId: store.id,
        eventId: claims.id?.slice(0, 100),
        outcome: "refused",
        diagnosis: refusal.code,
        countThisHour,
        durationMs,
      },
      "webhook refused",
    );
  }
  return {
    status: refusal.code === "body_too_large" ? 413 : 400,
    body: { error: refusal.diagnosis, code: refusal.code },
  };
}
