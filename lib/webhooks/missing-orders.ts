import "server-only";
import { and, eq, gte, inArray, or } from "drizzle-orm";
import type Stripe from "stripe";
import { orders, webhookDeliveries, webhookRefusals, type PaymentMode, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { judgeEndpoints } from "@/lib/launch/webhook-endpoint";
import { describeStripeError, stripeClient } from "@/lib/stripe/client";
import { webhookUrl } from "@/lib/stripe/connection";
import { CHECK_TIMEOUT_MS } from "@/lib/stripe/key-check";
import { loadStripeCredentials } from "@/lib/stripe/settings";
import { BANNER_CODES, REFUSALS, isRefusalCode } from "./refusal-codes";
import { MODE_NAME } from "@/lib/stripe/keys";
import { z } from "zod";

/**
 * The seed guide's "Stripe shows a successful payment but no order": the store's own
 * Stripe account is asked for its recent successful PaymentIntents, each is matched to
 * this store's orders, and for every one without a paid order the delivery log says why.
 */

export type MissingCause =
  | { code: "no_delivery"; explanation: string }
  | { code: "refused"; explanation: string }
  | { code: "failed"; explanation: string }
  | { code: "not_matched"; explanation: string };

export type PaymentWithoutOrder = {
  paymentIntentId: string;
  amount: number;
  currency: string;
  created: Date;
  /** The order it was started for, when there is one (then Reconcile can repair it). */
  order: { id: string; status: string } | null;
  eventId: string | null;
  cause: MissingCause;
};

export type MissingOrdersReport =
  | { ok: true; mode: PaymentMode; checked: number; payments: PaymentWithoutOrder[] }
  | { ok: false; mode: PaymentMode; reason: string };

const PAID = new Set(["paid", "partially_refunded", "refunded"]);
const MAX_INTENTS = 300;

export async function findPaymentsWithoutOrders(
  store: Store,
  mode: PaymentMode,
  options: { sinceDays?: number } = {},
): Promise<MissingOrdersReport> {
  const credentials = await loadStripeCredentials(store.id, mode);
  if (!credentials) return { ok: false, mode, reason: `No ${MODE_NAME[mode]} keys are saved.` };
  const stripe = stripeClient(credentials.secretKey, { timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
  const since = Math.floor(Date.now() / 1000) - (options.sinceDays ?? 30) * 86_400;

  const succeeded: Stripe.PaymentIntent[] = [];
  let checked = 0;
  const events = new Map<string, Stripe.Event>();
  let endpoints: Stripe.WebhookEndpoint[];
  try {
    for await (const intent of stripe.paymentIntents.list({ created: { gte: since }, limit: 100 })) {
      if (++checked > MAX_INTENTS) break;
      if (intent.status !== "succeeded") continue;
      if (intent.metadata?.store_id && intent.metadata.store_id !== store.id) continue;
      succeeded.push(intent);
    }
    if (succeeded.length === 0) return { ok: true, mode, checked, payments: [] };
    for await (const event of stripe.events.list({
      type: "payment_intent.succeeded",
      created: { gte: since },
      limit: 100,
    })) {
      const intentId = (event.data.object as { id?: string }).id;
      if (intentId && !events.has(intentId)) events.set(intentId, event);
      if (events.size >= MAX_INTENTS) break;
    }
    endpoints = (await stripe.webhookEndpoints.list({ limit: 100 })).data;
  } catch (error) {
    return { ok: false, mode, reason: describeStripeError(error) };
  }

  const db = await getDb();
  const intentIds = succeeded.map((i) => i.id);
  const orderIds = succeeded.map((i) => i.metadata?.order_id).filter(isUuid);
  const found = await db
    .select({ id: orders.id, status: orders.status, paymentIntentId: orders.paymentIntentId })
    .from(orders)
    .where(
      and(
        eq(orders.storeId, store.id),
        or(inArray(orders.paymentIntentId, intentIds), orderIds.length > 0 ? inArray(orders.id, orderIds) : undefined),
      ),
    );
  const byIntent = new Map(found.filter((o) => o.paymentIntentId).map((o) => [o.paymentIntentId!, o]));
  const byId = new Map(found.map((o) => [o.id, o]));

  const missing = succeeded
    .map((intent) => ({ intent, order: byIntent.get(intent.id) ?? byId.get(intent.metadata?.order_id ?? "") ?? null }))
    .filter(({ order }) => !order || !PAID.has(order.status));
  if (missing.length === 0) return { ok: true, mode, checked, payments: [] };

  const eventIds = missing.map(({ intent }) => events.get(intent.id)?.id).filter((id): id is string => !!id);
  const deliveries =
    eventIds.length > 0
      ? await db
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.storeId, store.id), inArray(webhookDeliveries.stripeEventId, eventIds)))
      : [];
  const oldest = new Date(Math.min(...missing.map(({ intent }) => intent.created * 1000)) - 3600_000);
  const refusals = await db
    .select()
    .from(webhookRefusals)
    .where(and(eq(webhookRefusals.storeId, store.id), gte(webhookRefusals.lastSeenAt, oldest)));
  const endpointFinding = judgeEndpoints({
    expectedUrl: webhookUrl(store),
    modeName: MODE_NAME[mode],
    otherModeName: MODE_NAME[mode === "test" ? "live" : "test"],
    endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, status: e.status, enabled_events: e.enabled_events })),
    otherModeEndpoints: null,
  });

  const payments = missing.map(({ intent, order }): PaymentWithoutOrder => {
    const event = events.get(intent.id) ?? null;
    const created = new Date(intent.created * 1000);
    return {
      paymentIntentId: intent.id,
      amount: intent.amount_received || intent.amount,
      currency: intent.currency,
      created,
      order: order ? { id: order.id, status: order.status } : null,
      eventId: event?.id ?? null,
      cause: causeOf({
        event,
        created,
        hasOrder: !!order,
        deliveries: deliveries.filter((d) => d.stripeEventId === event?.id),
        refusals,
        endpointProblems: endpointFinding.ok ? null : endpointFinding.problems,
      }),
    };
  });
  return { ok: true, mode, checked, payments };
}

function causeOf(input: {
  event: Stripe.Event | null;
  created: Date;
  hasOrder: boolean;
  deliveries: (typeof webhookDeliveries.$inferSelect)[];
  refusals: (typeof webhookRefusals.$inferSelect)[];
  endpointProblems: string[] | null;
}): MissingCause {
  if (!input.hasOrder) {
    return {
      code: "not_matched",
      explanation:
        "No order of this store was started for this payment: it was not made through this store's checkout (or its order was deleted). Nothing to repair here.",
    };
  }
  const failed = input.deliveries.find((d) => d.httpStatus >= 500);
  const accepted = input.deliveries.find((d) => d.httpStatus === 200);
  if (accepted) {
    return {
      code: "failed",
      explanation: `Stripe's webhook arrived and was verified, but did not pay the order: ${accepted.diagnosis ?? accepted.outcome}.`,
    };
  }
  if (failed) {
    return {
      code: "failed",
      explanation: `The webhook arrived but failed on our side (${failed.diagnosis ?? "processing error"}). Stripe retries it; Reconcile repairs it now.`,
    };
  }
  const eventId = input.event?.id;
  const sampled = eventId
    ? input.refusals.find((r) =>
        (Array.isArray(r.samples) ? r.samples : []).some((s) =>
          String((s as { bodyExcerpt?: unknown }).bodyExcerpt ?? "").includes(eventId),
        ),
      )
    : undefined;
  const nearby =
    sampled ??
    input.refusals.find(
      (r) =>
        (BANNER_CODES as readonly string[]).includes(r.diagnosisCode) &&
        r.lastSeenAt.getTime() >= input.created.getTime() - 60_000,
    );
  if (nearby && isRefusalCode(nearby.diagnosisCode)) {
    const refusal = REFUSALS[nearby.diagnosisCode];
    return {
      code: "refused",
      explanation: `${sampled ? "Its delivery was refused" : "Deliveries since this payment were refused"}: ${refusal.title}. ${refusal.explanation}`,
    };
  }
  const where = input.endpointProblems
    ? input.endpointProblems.join(" ")
    : "The endpoint now points here, so it was probably wrong when this payment was made.";
  const pending = input.event && input.event.pending_webhooks > 0 ? " Stripe is still trying to deliver it." : "";
  return {
    code: "no_delivery",
    explanation: `No delivery of this payment's webhook ever reached this store (wrong URL, or an endpoint in the other mode).${pending} ${where}`,
  };
}

function isUuid(value: string | undefined): value is string {
  return z.uuid().safeParse(value).success;
}
