import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  orders,
  refundRequests,
  users,
  type Order,
  type OrderStatus,
  type RefundRequest,
  type Store,
} from "@/db/schema";
import { getDb, type Executor, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { formatMoney } from "@/lib/money";
import { describeStripeError, Stripe, stripeClient } from "@/lib/stripe/client";
import { loadStripeCredentials } from "@/lib/stripe/settings";
import { MODE_NAME } from "@/lib/stripe/keys";

/** Stripe's refund reasons, as the refund form offers them. */
export const REFUND_REASONS = {
  requested_by_customer: "Requested by customer",
  duplicate: "Duplicate payment",
  fraudulent: "Fraudulent payment",
} as const;
export type RefundReason = keyof typeof REFUND_REASONS;

const REFUNDABLE: OrderStatus[] = ["paid", "partially_refunded"];

/** The refund form. The amount is in minor units; `idempotencyKey` was generated when the page rendered. */
export const refundInput = z.object({
  orderId: z.uuid(),
  idempotencyKey: z.uuid({ message: "This form is out of date. Reload the page and try again." }),
  amount: z
    .number({ message: "Enter the amount to refund." })
    .int("Enter the amount to refund.")
    .positive("Enter an amount above zero."),
  reason: z.enum(Object.keys(REFUND_REASONS) as [RefundReason, ...RefundReason[]], { message: "Choose a reason." }),
  note: z
    .string()
    .trim()
    .max(500, "Keep the note under 500 characters.")
    .optional()
    .transform((note) => note || undefined),
});
export type RefundInput = z.input<typeof refundInput>;

/** What may still be refunded: the total, less what Stripe refunded and what is being refunded. */
export function refundableAmount(order: Pick<Order, "totalAmount" | "amountRefunded">, requested: number): number {
  return Math.max(0, order.totalAmount - order.amountRefunded - requested);
}

/** The amount rule for one order, whose message names what is left. */
function refundAmount(remaining: number, currency: string) {
  return z
    .number()
    .int()
    .positive("Enter an amount above zero.")
    .max(remaining, `At most ${formatMoney(remaining, currency)} can still be refunded.`);
}

export type RefundRequestResult = {
  id: string;
  amount: number;
  status: RefundRequest["status"];
  /** True when this form was submitted before: no second refund was asked for. */
  repeated: boolean;
};

/**
 * Asks Stripe, with the store's own key for the order's mode, to refund `amount` of a paid
 * order. A refund_requests row is saved first, and its idempotency key (from the form) goes
 * to Stripe, so a double submit or a retry makes one refund. The order itself changes only
 * when Stripe's `charge.refunded` arrives (settleRefundRequests); if Stripe refuses or cannot
 * be reached, the request is marked failed with the reason and the order stays as it was.
 */
export async function requestRefund(
  store: Store,
  requestedByUserId: string,
  raw: RefundInput,
): Promise<RefundRequestResult> {
  const input = refundInput.parse(raw);
  const db = await getDb();
  const opened = await db.transaction(async (tx) => {
    // Locked, so two submits of one order count each other's requested amounts.
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, store.id), eq(orders.id, input.orderId)))
      .for("update");
    if (!order) throw new AppError("order_not_found", "That order is not in this store.", 404);
    const [earlier] = await tx
      .select()
      .from(refundRequests)
      .where(and(eq(refundRequests.storeId, store.id), eq(refundRequests.idempotencyKey, input.idempotencyKey)));
    if (earlier) {
      if (earlier.orderId !== order.id) {
        throw new AppError("stale_refund_form", "This form is out of date. Reload the page and try again.", 409);
      }
      return { kind: "repeat" as const, request: earlier };
    }
    if (!REFUNDABLE.includes(order.status) || !order.paymentIntentId) {
      throw new AppError(
        "not_refundable",
        `Only a paid order with a Stripe payment can be refunded; this one is ${order.status.replace(/_/g, " ")}.`,
        409,
      );
    }
    const remaining = refundableAmount(order, await requestedAmount(tx, store.id, order.id));
    if (remaining === 0) {
      const message = "Nothing is left to refund: the rest is already refunded or waiting for Stripe to confirm.";
      throw new AppError("nothing_to_refund", message, 409, { amount: message });
    }
    const amount = refundAmount(remaining, order.currency).safeParse(input.amount);
    if (!amount.success) {
      const message = amount.error.issues[0]?.message ?? "Enter a valid amount.";
      throw new AppError("refund_amount", message, 400, { amount: message });
    }
    const credentials = await loadStripeCredentials(store.id, order.mode, tx);
    if (!credentials) {
      throw new AppError(
        "no_stripe_keys",
        `The store has no ${MODE_NAME[order.mode]} Stripe keys saved, so Stripe cannot be asked for the refund.`,
        409,
      );
    }
    const [request] = await tx
      .insert(refundRequests)
      .values({
        storeId: store.id,
        orderId: order.id,
        amount: amount.data,
        reason: input.note ? `${REFUND_REASONS[input.reason]}: ${input.note}` : REFUND_REASONS[input.reason],
        idempotencyKey: input.idempotencyKey,
        requestedByUserId,
      })
      .returning();
    if (!request) throw new Error("refund request insert returned no row");
    return { kind: "new" as const, request, paymentIntentId: order.paymentIntentId, secretKey: credentials.secretKey };
  });

  if (opened.kind === "repeat") {
    const { request } = opened;
    if (request.status === "failed") {
      throw new AppError("refund_failed", request.error ?? "Stripe did not make this refund.", 409);
    }
    return { id: request.id, amount: request.amount, status: request.status, repeated: true };
  }

  const { request } = opened;
  let refund: Stripe.Refund;
  try {
    refund = await stripeClient(opened.secretKey).refunds.create(
      {
        payment_intent: opened.paymentIntentId,
        amount: request.amount,
        reason: input.reason,
        metadata: {
          order_id: request.orderId,
          store_id: store.id,
          refund_request_id: request.id,
          ...(input.note && { note: input.note }),
        },
      },
      { idempotencyKey: request.idempotencyKey },
    );
  } catch (error) {
    const message =
      error instanceof Stripe.errors.StripeConnectionError
        ? "Could not reach Stripe; nothing was refunded. Try again."
        : describeStripeError(error);
    log.warn({ storeId: store.id, orderId: request.orderId, refundRequestId: request.id, message }, "refund failed");
    await markFailed(store.id, request.id, message);
    const aboutAmount = error instanceof Stripe.errors.StripeError && error.code === "amount_too_large";
    throw new AppError("refund_failed", message, 502, aboutAmount ? { amount: message } : {});
  }

  if (refund.status === "failed" || refund.status === "canceled") {
    const message = `Stripe could not make the refund${refund.failure_reason ? ` (${refund.failure_reason.replace(/_/g, " ")})` : ""}.`;
    await markFailed(store.id, request.id, message);
    throw new AppError("refund_failed", message, 502);
  }
  // The webhook may already have settled the request; the refund's id is kept either way.
  const [saved] = await db
    .update(refundRequests)
    .set({ stripeRefundId: refund.id })
    .where(and(eq(refundRequests.storeId, store.id), eq(refundRequests.id, request.id)))
    .returning({ status: refundRequests.status });
  return { id: request.id, amount: request.amount, status: saved?.status ?? request.status, repeated: false };
}

async function requestedAmount(executor: Executor, storeId: string, orderId: string): Promise<number> {
  const [row] = await executor
    .select({ sum: sql<string | null>`sum(${refundRequests.amount})` })
    .from(refundRequests)
    .where(
      and(
        eq(refundRequests.storeId, storeId),
        eq(refundRequests.orderId, orderId),
        eq(refundRequests.status, "requested"),
      ),
    );
  return Number(row?.sum ?? 0);
}

async function markFailed(storeId: string, requestId: string, error: string): Promise<void> {
  const db = await getDb();
  await db
    .update(refundRequests)
    .set({ status: "failed", error })
    .where(
      and(
        eq(refundRequests.storeId, storeId),
        eq(refundRequests.id, requestId),
        eq(refundRequests.status, "requested"),
      ),
    );
}

/**
 * Marks an order's requested refunds succeeded once Stripe's `charge.refunded` shows them:
 * by refund id when the event lists the charge's refunds (`refunds` expanded) and the
 * request knows its refund's id; otherwise oldest first, as far as the charge's
 * `amount_refunded` covers them beyond what earlier settled requests account for.
 * Returns how many it settled.
 */
export async function settleRefundRequests(
  tx: Tx,
  order: Pick<Order, "storeId" | "id">,
  charge: Pick<Stripe.Charge, "amount_refunded" | "refunds">,
): Promise<number> {
  const rows = await tx
    .select()
    .from(refundRequests)
    .where(
      and(
        eq(refundRequests.storeId, order.storeId),
        eq(refundRequests.orderId, order.id),
        inArray(refundRequests.status, ["requested", "succeeded"]),
      ),
    )
    .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
    .for("update");
  const listed = charge.refunds?.data ? new Map(charge.refunds.data.map((refund) => [refund.id, refund])) : null;
  let accounted = rows.filter((row) => row.status === "succeeded").reduce((sum, row) => sum + row.amount, 0);
  const settled: string[] = [];
  for (const row of rows) {
    if (row.status !== "requested") continue;
    const refund = listed && row.stripeRefundId ? listed.get(row.stripeRefundId) : undefined;
    const covered =
      listed && row.stripeRefundId
        ? refund !== undefined && refund.status !== "failed" && refund.status !== "canceled"
        : accounted + row.amount <= charge.amount_refunded;
    if (!covered) continue;
    accounted += row.amount;
    settled.push(row.id);
  }
  if (settled.length > 0) {
    await tx
      .update(refundRequests)
      .set({ status: "succeeded", error: null })
      .where(and(eq(refundRequests.storeId, order.storeId), inArray(refundRequests.id, settled)));
  }
  return settled.length;
}

export type RefundRequestView = Pick<
  RefundRequest,
  "id" | "amount" | "reason" | "status" | "error" | "stripeRefundId" | "createdAt"
> & { requestedBy: string | null };

/** An order's refund requests, oldest first, with who asked for each. */
export async function listRefundRequests(
  executor: Executor,
  storeId: string,
  orderId: string,
): Promise<RefundRequestView[]> {
  return executor
    .select({
      id: refundRequests.id,
      amount: refundRequests.amount,
      reason: refundRequests.reason,
      status: refundRequests.status,
      error: refundRequests.error,
      stripeRefundId: refundRequests.stripeRefundId,
      createdAt: refundRequests.createdAt,
      requestedBy: users.email,
    })
    .from(refundRequests)
    .leftJoin(users, eq(users.id, refundRequests.requestedByUserId))
    .where(and(eq(refundRequests.storeId, storeId), eq(refundRequests.orderId, orderId)))
    .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id));
}
