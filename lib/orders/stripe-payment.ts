import "server-only";
import type Stripe from "stripe";
import type { Order, PaymentMode, Store } from "@/db/schema";
import type { Tx } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { stripeClient } from "@/lib/stripe/client";
import { loadStripeCredentials } from "@/lib/stripe/settings";
import { fulfillPaidOrder, recordRefund } from "./fulfillment";
import { transitionOrder } from "./orders";
import { settleRefundRequests } from "./refunds";
import { PAID_STATUSES } from "./status";

/** The payment as Stripe holds it: a PaymentIntent with its latest Charge (expanded, or as an event carried it). */
export type StripePayment = {
  intent: Pick<
    Stripe.PaymentIntent,
    "id" | "status" | "amount" | "amount_received" | "currency" | "last_payment_error"
  >;
  charge: Pick<Stripe.Charge, "id" | "amount_refunded" | "refunded" | "refunds"> | null;
};

export type AppliedPayment =
  | { status: "changed"; from: Order["status"]; to: Order["status"]; what: string }
  | { status: "unchanged"; note: string }
  | { status: "mismatch"; problem: string };

/** The charge a PaymentIntent was read with, when `latest_charge` was expanded. */
export function paymentOf(intent: Stripe.PaymentIntent): StripePayment {
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  return { intent, charge };
}

/**
 * A PaymentIntent with its latest charge, read with the store's key for `mode`, on the
 * caller's transaction. Callers hold an order lock meanwhile, so the wait is bounded: one
 * attempt, 10 seconds. Throws when Stripe cannot be read.
 */
export async function readStripePayment(
  tx: Tx,
  storeId: string,
  mode: PaymentMode,
  paymentIntentId: string,
): Promise<StripePayment> {
  const credentials = await loadStripeCredentials(storeId, mode, tx);
  if (!credentials) throw new Error(`no Stripe secret key is saved for ${mode} mode`);
  const intent = await stripeClient(credentials.secretKey, { timeoutMs: 10_000, retries: 0 }).paymentIntents.retrieve(
    paymentIntentId,
    { expand: ["latest_charge"] },
  );
  return paymentOf(intent);
}

/**
 * Brings an order, locked by the caller, to the state its payment holds at Stripe:
 * paid (downloads granted, receipt queued), then refunded as far as the charge is, or
 * failed or canceled. One function for the webhook and for reconciliation, so an order
 * converges to the same state whatever reached it first. Orders only move forward
 * (status.ts), so applying an older picture of the payment changes nothing.
 */
export async function applyStripePayment(
  tx: Tx,
  store: Store,
  mode: PaymentMode,
  order: Order,
  { intent, charge }: StripePayment,
  provenance: { reason: string; stripeEventId?: string; checkoutSessionId?: string | null; repair?: boolean },
): Promise<AppliedPayment> {
  const { reason, stripeEventId } = provenance;
  const describe = (what: string) => (provenance.repair ? `${reason}: ${what}` : what);
  const from = order.status;

  if (intent.status === "succeeded") {
    const refunded = charge?.amount_refunded ?? 0;
    let current = order;
    let paidNow = false;
    if (!PAID_STATUSES.includes(order.status)) {
      const fullyRefunded = refunded >= order.totalAmount;
      const result = await fulfillPaidOrder(
        tx,
        store,
        order,
        {
          amount: intent.amount_received || intent.amount,
          currency: intent.currency,
          mode,
          paymentIntentId: intent.id,
          checkoutSessionId: provenance.checkoutSessionId,
          stripeEventId,
          reason,
        },
        // Already refunded in full at Stripe: a receipt would only carry dead links.
        { sendReceipt: !fullyRefunded },
      );
      if (result.status === "mismatch") return result;
      if (result.status === "paid") {
        current = result.order;
        paidNow = true;
      }
    }
    if (charge && refunded > current.amountRefunded) {
      const full = charge.refunded || refunded >= current.totalAmount;
      const amountRefunded = full ? current.totalAmount : refunded;
      const { changed, order: after } = await recordRefund(tx, current, {
        amountRefunded,
        stripeEventId,
        reason: describe(
          full
            ? "Refunded in full; downloads revoked"
            : `Partially refunded (${formatMoney(amountRefunded, current.currency)} of ${formatMoney(current.totalAmount, current.currency)})`,
        ),
      });
      if (changed) current = after;
    }
    // A refund asked for on the order page waits for Stripe's word; any picture of the charge settles it.
    const settled = charge ? await settleRefundRequests(tx, current, charge) : 0;
    if (current.status !== from) {
      const what = paidNow
        ? current.status === "paid"
          ? "marked paid, downloads granted, receipt queued"
          : `marked paid, then ${current.status.replace(/_/g, " ")} as Stripe shows`
        : "refund recorded";
      return { status: "changed", from, to: current.status, what };
    }
    if (settled > 0) return { status: "changed", from, to: from, what: "refund request confirmed" };
    return { status: "unchanged", note: `Order is ${from.replace(/_/g, " ")}, as at Stripe.` };
  }

  // Only a pending order fails here: each failed attempt's own event records it (handlers),
  // and a repair run must not record the same failure again.
  if (intent.status === "requires_payment_method" && intent.last_payment_error && order.status === "pending") {
    const message = intent.last_payment_error.message ?? "The payment failed.";
    const { changed } = await transitionOrder(tx, order, "failed", {
      reason: describe(`Payment failed: ${message}`),
      stripeEventId,
      patch: { failureMessage: message, paymentIntentId: intent.id },
    });
    return changed
      ? { status: "changed", from, to: "failed", what: message }
      : { status: "unchanged", note: `Order is ${from.replace(/_/g, " ")}; a failed attempt changes nothing.` };
  }

  if (intent.status === "canceled") {
    const { changed } = await transitionOrder(tx, order, "canceled", {
      reason: describe("PaymentIntent canceled"),
      stripeEventId,
    });
    return changed
      ? { status: "changed", from, to: "canceled", what: "PaymentIntent was canceled" }
      : { status: "unchanged", note: `Order is ${from.replace(/_/g, " ")}; the cancelation changes nothing.` };
  }

  return {
    status: "unchanged",
    note: `The payment is ${intent.status.replace(/_/g, " ")} at Stripe; nothing to apply.`,
  };
}
