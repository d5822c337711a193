import "server-only";
import type Stripe from "stripe";
import type { Order, PaymentMode, Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { kickOutbox } from "@/lib/email/worker";
import { log } from "@/lib/log";
import { describeStripeError, stripeClient } from "@/lib/stripe/client";
import { loadStripeCredentials } from "@/lib/stripe/settings";
import { findOrderForPayment } from "./orders";
import { applyStripePayment, paymentOf } from "./stripe-payment";

export type Repair = {
  orderId: string;
  paymentIntentId: string;
  from: Order["status"];
  to: Order["status"];
  what: string;
};
export type ReconcileReport = { mode: PaymentMode; checked: number; repaired: Repair[]; problems: string[] };

const MAX_INTENTS = 500;

/**
 * Lists the store's recent PaymentIntents from its own Stripe account (active mode) and
 * brings each matching order up to date: paid, failed, canceled or refunded, exactly as
 * the lost or refused webhook would have. Safe to run any time: orders only move forward.
 */
export async function reconcileStore(store: Store, options: { sinceHours?: number } = {}): Promise<ReconcileReport> {
  const credentials = await loadStripeCredentials(store.id);
  if (!credentials)
    return { mode: "test", checked: 0, repaired: [], problems: ["No Stripe keys saved for the active mode."] };
  const report: ReconcileReport = { mode: credentials.mode, checked: 0, repaired: [], problems: [] };
  const stripe = stripeClient(credentials.secretKey);
  const since = Math.floor(Date.now() / 1000) - (options.sinceHours ?? 72) * 3600;
  try {
    for await (const intent of stripe.paymentIntents.list({
      created: { gte: since },
      limit: 100,
      expand: ["data.latest_charge"],
    })) {
      if (report.checked++ >= MAX_INTENTS) break;
      const repair = await reconcileIntent(store, credentials.mode, intent);
      if (repair) report.repaired.push(repair);
    }
  } catch (error) {
    report.problems.push(describeStripeError(error));
  }
  if (report.repaired.length > 0) kickOutbox();
  log.info(
    { storeId: store.id, mode: report.mode, checked: report.checked, repaired: report.repaired.length },
    "reconciliation finished",
  );
  return report;
}

async function reconcileIntent(store: Store, mode: PaymentMode, intent: Stripe.PaymentIntent): Promise<Repair | null> {
  if (intent.metadata?.store_id && intent.metadata.store_id !== store.id) return null;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await findOrderForPayment(tx, store.id, {
      orderId: intent.metadata?.order_id,
      paymentIntentId: intent.id,
    });
    if (!order) return null;
    const applied = await applyStripePayment(tx, store, mode, order, paymentOf(intent), {
      reason: "Repaired by reconciliation",
      repair: true,
    });
    if (applied.status !== "changed") return null;
    return { orderId: order.id, paymentIntentId: intent.id, from: applied.from, to: applied.to, what: applied.what };
  });
}

export type PaymentRepair = { ok: boolean; message: string; repair?: Repair };

/**
 * Reconcile for one payment, from the Webhooks page's "payments without an order": the
 * PaymentIntent is read from the store's own Stripe account in its mode and its order
 * brought up to date, exactly as the lost delivery would have.
 */
export async function reconcilePayment(
  store: Store,
  mode: PaymentMode,
  paymentIntentId: string,
): Promise<PaymentRepair> {
  const credentials = await loadStripeCredentials(store.id, mode);
  if (!credentials) return { ok: false, message: "No Stripe keys saved for that mode." };
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripeClient(credentials.secretKey).paymentIntents.retrieve(paymentIntentId, {
      expand: ["latest_charge"],
    });
  } catch (error) {
    return { ok: false, message: describeStripeError(error) };
  }
  const repair = await reconcileIntent(store, mode, intent);
  if (!repair)
    return { ok: false, message: `Nothing to repair: no order of this store is waiting for ${paymentIntentId}.` };
  kickOutbox();
  log.info({ storeId: store.id, mode, paymentIntentId, to: repair.to }, "payment reconciled");
  return { ok: true, message: `Order ${repair.orderId.slice(0, 8)} ${repair.what}.`, repair };
}
