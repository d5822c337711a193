import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { orders, type Order, type OrderItem, type PaymentMode, type Store } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
import {
  createDownloadGrants,
  downloadPath,
  reissueDownloadLinks,
  revokeDownloadGrants,
  type IssuedDownload,
} from "@/lib/downloads/grants";
import { queueReceipt, type ReceiptInput } from "@/lib/email/receipt";
import { kickOutbox } from "@/lib/email/worker";
import { AppError } from "@/lib/errors";
import { storeLogoUrl } from "@/lib/tenancy/store-settings";
import { storeUrl } from "@/lib/tenancy/stores";
import { buyerOrderPath } from "./buyer-order";
import { listOrderItems, transitionOrder, type TransitionResult } from "./orders";

export type Payment = {
  amount: number;
  currency: string;
  mode: PaymentMode;
  paymentIntentId?: string | null;
  checkoutSessionId?: string | null;
  stripeEventId?: string;
  reason: string;
};

export type FulfillmentResult =
  { status: "paid"; order: Order } | { status: "already_paid" } | { status: "mismatch"; problem: string };

/**
 * Marks an order paid, grants its downloads and queues the receipt, all on the caller's
 * transaction, so either all of it happens or none. The payment must match the order
 * (amount, currency, test/live) or nothing changes.
 */
export async function fulfillPaidOrder(
  tx: Tx,
  store: Store,
  order: Order,
  payment: Payment,
  options: { sendReceipt?: boolean } = {},
): Promise<FulfillmentResult> {
  if (order.mode !== payment.mode) {
    return { status: "mismatch", problem: `a ${payment.mode} payment for a ${order.mode} order` };
  }
  if (payment.currency.toLowerCase() !== order.currency || payment.amount !== order.totalAmount) {
    return {
      status: "mismatch",
      problem: `paid ${payment.amount} ${payment.currency.toUpperCase()} but the order is ${order.totalAmount} ${order.currency.toUpperCase()}`,
    };
  }
  const result: TransitionResult = await transitionOrder(tx, order, "paid", {
    reason: payment.reason,
    stripeEventId: payment.stripeEventId,
    patch: {
      paidAt: new Date(),
      failureMessage: null,
      ...(payment.paymentIntentId && { paymentIntentId: payment.paymentIntentId }),
      ...(payment.checkoutSessionId && { checkoutSessionId: payment.checkoutSessionId }),
    },
  });
  if (!result.changed) return { status: "already_paid" };

  const [downloads, items] = await Promise.all([
    createDownloadGrants(tx, store.id, order.id),
    listOrderItems(tx, store.id, order.id),
  ]);
  if (options.sendReceipt !== false) await queueReceipt(tx, receiptFor(store, result.order, items, downloads));
  return { status: "paid", order: result.order };
}

/** The receipt of an order with the download links just issued (the only time their tokens are known). */
function receiptFor(store: Store, order: Order, items: OrderItem[], downloads: IssuedDownload[]): ReceiptInput {
  return {
    store: { ...store, logoUrl: storeLogoUrl(store) },
    order,
    items,
    downloads: downloads.map((d) => ({ ...d, url: storeUrl(store, downloadPath(d.token)) })),
    orderUrl: storeUrl(store, buyerOrderPath(order.id)),
  };
}

export type ResentReceipt = { email: string; links: number };

/**
 * "Resend receipt": queues the receipt to the buyer again, with new links for the order's
 * live downloads (the links of earlier mails stop working; see reissueDownloadLinks). Each
 * resend is a mail of its own. Paid or partially refunded orders only.
 */
export async function resendReceipt(store: Store, orderId: string): Promise<ResentReceipt> {
  const db = await getDb();
  const resent = await db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)))
      .for("update");
    if (!order) throw new AppError("order_not_found", "That order is not in this store.", 404);
    if (order.status !== "paid" && order.status !== "partially_refunded") {
      throw new AppError(
        "receipt_not_resendable",
        `Only a paid order's receipt can be sent again; this one is ${order.status.replace(/_/g, " ")}.`,
        409,
      );
    }
    const [downloads, items] = await Promise.all([
      reissueDownloadLinks(tx, store.id, order.id),
      listOrderItems(tx, store.id, order.id),
    ]);
    await queueReceipt(tx, receiptFor(store, order, items, downloads), {
      dedupeKey: `receipt:${order.id}:resend:${randomUUID()}`,
    });
    return { email: order.email, links: downloads.length };
  });
  void kickOutbox();
  return resent;
}

/** Records a refund; a full refund revokes the order's downloads. */
export async function recordRefund(
  tx: Tx,
  order: Order,
  refund: { amountRefunded: number; stripeEventId?: string; reason: string },
): Promise<TransitionResult> {
  const full = refund.amountRefunded >= order.totalAmount;
  if (refund.amountRefunded <= order.amountRefunded) return { changed: false, order };
  const result = await transitionOrder(tx, order, full ? "refunded" : "partially_refunded", {
    reason: refund.reason,
    stripeEventId: refund.stripeEventId,
    patch: { amountRefunded: refund.amountRefunded },
  });
  if (result.changed && full) await revokeDownloadGrants(tx, order.storeId, order.id);
  return result;
}
