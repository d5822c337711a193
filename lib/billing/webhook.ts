import "server-only";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { billingEvents, billingWebhookProblems, stores } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Tx } from "@/lib/db";
import { log } from "@/lib/log";
import { printable } from "@/lib/webhooks/refusals";
import { SIGNATURE_TOLERANCE_SECONDS } from "@/lib/webhooks/verify";
import {
  STORE_METADATA_KEY,
  subscriptionIdOfInvoice,
  upsertCustomer,
  upsertInvoice,
  upsertSubscription,
  upsertTransaction,
} from "./mirror";
import { queuePaymentFailedMail } from "./notifications";
import { platformBilling } from "./platform-stripe";
import { applyBillingHold } from "./standing";

/**
 * /api/billing/webhooks/stripe/: the platform account's events (seed 003). Each delivery is
 * verified with the platform's signing secret, stored once, and applied in one
 * transaction; the answer is 200 only after that commits, 500 when it failed (Stripe
 * retries), 400 when it was refused. Applying an event re-reads its object from Stripe
 * under a lock on that object, so events arriving late, twice or out of order all leave
 * the mirror as Stripe holds it now.
 */

export const HANDLED_BILLING_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.finalized",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "payment_intent.succeeded",
  // The seed says `payment_intent.failed`, which is not a Stripe event type; this is Stripe's.
  "payment_intent.payment_failed",
] as const satisfies readonly Stripe.Event.Type[];

export type BillingWebhookResponse = { status: 200 | 400 | 500 | 503; body: Record<string, unknown> };

export async function receiveBillingWebhook(
  rawBody: string,
  signature: string | null,
): Promise<BillingWebhookResponse> {
  const billing = platformBilling();
  if (!billing.enabled) {
    return { status: 503, body: { error: "billing_off", message: billing.reason } };
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signature ?? "",
      billing.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
    );
  } catch (error) {
    const refusal = refusalOf(error, signature);
    await recordProblem(refusal.code, refusal.diagnosis, null);
    log.warn({ code: refusal.code }, "billing webhook refused");
    return { status: 400, body: { error: refusal.code, message: refusal.diagnosis } };
  }
  if (event.livemode !== billing.livemode) {
    const diagnosis = `A ${event.livemode ? "live" : "test"} event reached the platform, which runs with ${billing.livemode ? "live" : "test"} keys: the endpoint in Stripe belongs to the other mode.`;
    await recordProblem("other_mode", diagnosis, event.type);
    return { status: 400, body: { error: "other_mode", message: diagnosis } };
  }

  log.info({ eventId: event.id }, `Received Stripe webhook: ${event.type}`);
  try {
    const outcome = await processBillingEvent(billing.stripe, event);
    return { status: 200, body: { received: true, ...outcome } };
  } catch (error) {
    const message = error instanceof Stripe.errors.StripeError ? error.message : "processing failed";
    await recordProblem("processing_failed", `${event.type} ${event.id}: ${printable(message, 300)}`, event.type);
    log.error({ err: error, eventId: event.id, type: event.type }, "Error handling webhook event");
    return { status: 500, body: { error: "processing_failed" } };
  }
}

function refusalOf(error: unknown, signature: string | null): { code: string; diagnosis: string } {
  if (!signature) {
    return {
      code: "missing_signature",
      diagnosis: "No Stripe-Signature header: the request did not come from Stripe.",
    };
  }
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    return {
      code: "signature_mismatch",
      diagnosis:
        "The signature does not match PLATFORM_STRIPE_WEBHOOK_SECRET: the secret is another endpoint's (or `stripe listen`'s), the body was changed on the way, or the delivery is older than 5 minutes.",
    };
  }
  return { code: "not_an_event", diagnosis: "The body is not a Stripe event." };
}

/** Stores the event once and applies it, in one transaction. A duplicate waits for the first and changes nothing. */
export async function processBillingEvent(
  stripe: Stripe,
  event: Stripe.Event,
  now = new Date(),
): Promise<{ duplicate: boolean; summary: string }> {
  const db = await getDb();
  const result = await asPlatform(() =>
    db.transaction(async (tx) => {
      // The primary key is the claim: a concurrent delivery of the same event blocks here
      // until this transaction ends, then finds the row (or, after a rollback, claims it).
      const claimed = await tx
        .insert(billingEvents)
        .values({
          stripeEventId: event.id,
          type: event.type,
          livemode: event.livemode,
          status: "processed",
          summary: "",
          payload: event as unknown as Record<string, unknown>,
          stripeCreatedAt: new Date(event.created * 1000),
        })
        .onConflictDoNothing()
        .returning({ id: billingEvents.stripeEventId });
      if (claimed.length === 0) return { duplicate: true, summary: "already processed" };
      const applied = await applyEvent(tx, stripe, event, now);
      await tx
        .update(billingEvents)
        .set({ status: applied.ignored ? "ignored" : "processed", summary: applied.summary })
        .where(eq(billingEvents.stripeEventId, event.id));
      return { duplicate: false, summary: applied.summary };
    }),
  );
  if (!result.duplicate) log.info({ eventId: event.id }, result.summary);
  return result;
}

type Applied = { summary: string; ignored?: boolean };

async function applyEvent(tx: Tx, stripe: Stripe, event: Stripe.Event, now: Date): Promise<Applied> {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutCompleted(tx, stripe, event.data.object, now);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return syncSubscription(tx, stripe, event.data.object.id, now);
    case "invoice.finalized":
    case "invoice.payment_succeeded":
    case "invoice.payment_failed":
      return syncInvoice(tx, stripe, event.data.object.id ?? "", event.type === "invoice.payment_failed", now);
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
      return recordPayment(tx, stripe, event.data.object.id, now);
    default:
      return { summary: `Ignored ${event.type}: not a billing event this platform handles`, ignored: true };
  }
}

async function recordPayment(tx: Tx, stripe: Stripe, intentId: string, now: Date, prefix = ""): Promise<Applied> {
  await lockObject(tx, intentId);
  const intent = await stripe.paymentIntents.retrieve(intentId);
  const row = await upsertTransaction(tx, intent, now);
  const failure = row?.errorMessage ? ` (${row.errorMessage})` : "";
  return { summary: `${prefix}Recorded payment ${intent.id} as ${intent.status.toUpperCase()}${failure}` };
}

/** Serializes every delivery about one Stripe object, so a later read is always written later. */
async function lockObject(tx: Tx, stripeId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing:${stripeId}`}))`);
}

async function checkoutCompleted(
  tx: Tx,
  stripe: Stripe,
  session: Stripe.Checkout.Session,
  now: Date,
): Promise<Applied> {
  const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
  const paymentIntentId =
    typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (session.mode === "payment" && paymentIntentId) {
    // A one-off payment on the platform account (not a plan): recorded as a payment.
    return recordPayment(tx, stripe, paymentIntentId, now, `Checkout ${session.id} completed. `);
  }
  if (session.mode !== "subscription" || !subscriptionId || !customerId) {
    return { summary: `Ignored Checkout Session ${session.id}: neither a subscription nor a payment`, ignored: true };
  }
  // Links the customer to the store the session was started for (our code set both).
  const storeId = session.metadata?.[STORE_METADATA_KEY] ?? session.client_reference_id ?? null;
  const customer = await stripe.customers.retrieve(customerId);
  if (!customer.deleted) {
    const [store] = storeId
      ? await tx.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId)).limit(1)
      : [];
    await upsertCustomer(tx, customer, store?.id ?? null);
  }
  const synced = await syncSubscription(tx, stripe, subscriptionId, now);
  return { summary: `Checkout ${session.id} completed. ${synced.summary}` };
}

async function syncSubscription(tx: Tx, stripe: Stripe, subscriptionId: string, now: Date): Promise<Applied> {
  await lockObject(tx, subscriptionId);
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  const { after } = await upsertSubscription(tx, subscription, now);
  if (after.storeId) await applyBillingHold(tx, after.storeId, now);
  return { summary: `Updated subscription ${after.stripeSubscriptionId} to ${after.status.toUpperCase()}` };
}

async function syncInvoice(tx: Tx, stripe: Stripe, invoiceId: string, failed: boolean, now: Date): Promise<Applied> {
  await lockObject(tx, invoiceId);
  const invoice = await stripe.invoices.retrieve(invoiceId);
  const row = await upsertInvoice(tx, invoice, now);
  let summary = `Updated invoice ${invoiceId} to ${(invoice.status ?? "draft").toUpperCase()}`;
  // The invoice decides the subscription's standing (paid: active; failed: past due), so it is re-read too.
  const subscriptionId = subscriptionIdOfInvoice(invoice);
  if (subscriptionId) summary += `. ${(await syncSubscription(tx, stripe, subscriptionId, now)).summary}`;
  // Re-read, the invoice may be paid by now (a late or retried delivery): then nothing failed to tell.
  if (failed && row?.storeId && invoice.status === "open") {
    await queuePaymentFailedMail(tx, { storeId: row.storeId, invoice, now });
  }
  return { summary };
}

/** Counts a refused or failed delivery in this hour's row for its diagnosis, for the staff console. */
async function recordProblem(code: string, diagnosis: string, eventType: string | null): Promise<void> {
  try {
    const db = await getDb();
    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    await asPlatform(() =>
      db
        .insert(billingWebhookProblems)
        .values({ hourStart, diagnosisCode: code, diagnosis, count: 1, lastEventType: eventType })
        .onConflictDoUpdate({
          target: [billingWebhookProblems.hourStart, billingWebhookProblems.diagnosisCode],
          set: {
            count: sql`${billingWebhookProblems.count} + 1`,
            diagnosis,
            lastEventType: eventType,
            lastSeenAt: new Date(),
          },
        }),
    );
  } catch (error) {
    log.error({ err: error }, "could not record a billing webhook problem");
  }
}
