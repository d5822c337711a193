import type { OrderStatus } from "@/db/schema";

/**
 * The order lifecycle. Events can arrive late, twice or out of order, so a transition
 * is applied only if it moves the order forward: a payment failure that arrives after
 * the success never un-pays an order, and a refund never un-refunds it.
 */
const FORWARD: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "failed", "canceled"],
  // A failed attempt can be retried on the same order and then succeed.
  failed: ["paid", "failed", "canceled"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  canceled: ["paid"],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return FORWARD[from].includes(to);
}

export const PAID_STATUSES: readonly OrderStatus[] = ["paid", "partially_refunded", "refunded"];
