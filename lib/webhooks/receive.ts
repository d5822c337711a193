import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { webhookEvents, type PaymentMode, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { kickOutbox } from "@/lib/email/worker";
import { log } from "@/lib/log";
import { loadWebhookSecrets } from "@/lib/stripe/settings";
import { recordDelivery } from "./deliveries";
import { handleEvent } from "./handlers";
import type { HandlerResult } from "./handlers/types";
import { verifyDelivery, type RefusalCode } from "./verify";

export type WebhookResponse = { status: 200 | 400 | 500; body: Record<string, unknown> };

/**
 * The /shop/webhook/ pipeline: verify with the active mode's secret (diagnosing refusals),
 * store the event once per store, process it in the same transaction, and answer 200 only
 * after the commit. Any failure rolls everything back and answers 500 so Stripe retries.
 */
export async function receiveWebhook(
  store: Store,
  rawBody: string,
  signatureHeader: string | null,
): Promise<WebhookResponse> {
  const started = performance.now();
  const claimed = peek(rawBody);
  const base = {
    storeId: store.id,
    stripeEventId: claimed.id,
    eventType: claimed.type,
    livemode: claimed.livemode,
    bodyExcerpt: rawBody,
  };
  const elapsed = () => Math.round(performance.now() - started);

  const { activeMode, secrets } = await loadWebhookSecrets(store.id);
  const verification = verifyDelivery({ rawBody, signatureHeader, activeMode, secrets });
  if (!verification.ok) {
    await recordDelivery({
      ...base,
      outcome: "refused",
      httpStatus: 400,
      diagnosisCode: verification.code,
      diagnosis: verification.diagnosis,
      durationMs: elapsed(),
    });
    log.warn(
      {
        storeId: store.id,
        eventId: claimed.id,
        type: claimed.type,
        outcome: "refused",
        diagnosis: verification.code,
        durationMs: elapsed(),
      },
      "webhook refused",
    );
    return refused(verification.code, verification.diagnosis);
  }

  const { event } = verification;
  try {
    const result = await processOnce(store, event, activeMode);
    const outcome = result === "duplicate" ? "duplicate" : result.outcome;
    const note = result === "duplicate" ? "Already received; nothing changed." : result.note;
    const paymentIntentId = result === "duplicate" ? undefined : result.paymentIntentId;
    await recordDelivery({ ...base, outcome, httpStatus: 200, diagnosis: note ?? null, durationMs: elapsed() });
    log.info(
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

/**
 * Stores and processes the event in one transaction. The unique (store, event id) index
 * makes concurrent re-deliveries wait for the first, then see it as a duplicate; if the
 * first rolls back, a retry processes the event afresh.
 */
async function processOnce(store: Store, event: Stripe.Event, mode: PaymentMode): Promise<HandlerResult | "duplicate"> {
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
        status: "processed",
      })
      .onConflictDoNothing({ target: [webhookEvents.storeId, webhookEvents.stripeEventId] })
      .returning({ id: webhookEvents.id });
    if (!inserted) return "duplicate";
    const result = await handleEvent({ tx, store, event, mode });
    await tx
      .update(webhookEvents)
      .set({ status: result.outcome, error: result.note ?? null, processedAt: new Date() })
      .where(and(eq(webhookEvents.storeId, store.id), eq(webhookEvents.id, inserted.id)));
    return result;
  });
}

function refused(code: RefusalCode, diagnosis: string): WebhookResponse {
  return { status: 400, body: { error: diagnosis, code } };
}

/** What the body claims before verification, for the delivery log only; never trusted. */
function peek(rawBody: string): { id: string | null; type: string | null; livemode: boolean | null } {
  try {
    const value = JSON.parse(rawBody) as { id?: unknown; type?: unknown; livemode?: unknown };
    return {
      id: typeof value.id === "string" ? value.id.slice(0, 255) : null,
      type: typeof value.type === "string" ? value.type.slice(0, 255) : null,
      livemode: typeof value.livemode === "boolean" ? value.livemode : null,
    };
  } catch {
    return { id: null, type: null, livemode: null };
  }
}
