import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { balanceTransaction, cardFee } from "../objects/payments";

/** The `type: "charge"` balance transaction of a captured amount, linked from the charge. */
export function recordSettlement(scope: Scope, charge: S.Charge, amount: number): S.BalanceTransaction {
  const transaction = balanceTransaction({
    amount,
    fee: cardFee(amount),
    currency: charge.currency,
    source: charge.id,
    type: "charge",
    description: charge.description,
  });
  scope.ledger.balanceTransactions[transaction.id] = transaction;
  charge.balance_transaction = transaction.id;
  return transaction;
}

/**
 * `capture_method=automatic_async`: Stripe answers the confirm, and sends `charge.succeeded`
 * and `payment_intent.succeeded`, before the balance transaction exists; moments later it
 * records one and sends `charge.updated`. `setImmediate` runs once the API handler has
 * written its answer (serialisation is synchronous) and before any client can have read
 * it, so whoever saw the answer can rely on the event being queued already — and so
 * `deliveriesSettled()` in tests covers its delivery.
 */
export function settleAfterResponse(scope: Scope, chargeId: string): void {
  setImmediate(() => {
    const charge = scope.ledger.charges[chargeId];
    if (!charge || charge.balance_transaction !== null || !charge.captured) return;
    try {
      recordSettlement(scope, charge, charge.amount_captured);
      scope.detached().emit("charge.updated", charge, { balance_transaction: null });
    } catch (error) {
      // Nothing awaits this callback; a throw here would take the whole sandbox down.
      console.error("[sandbox] async capture failed for", chargeId, error);
    }
  });
}
