import { getOrThrow } from "../core/collections";
import { invalidRequest, paramError } from "../core/errors";
import { toJson } from "../core/json";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { balanceTransaction, refund as buildRefund } from "../objects/payments";

function money(amount: number, currency: string): string {
  return currency === "usd"
    ? `$${(amount / 100).toFixed(2)}`
    : `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

export interface RefundRequest {
  chargeId?: string;
  paymentIntentId?: string;
  amount?: number;
  reason: S.Refund["reason"];
  metadata: Record<string, string>;
}

function refundableCharge(scope: Scope, request: RefundRequest): S.Charge {
  if (request.chargeId) return getOrThrow(scope, "charges", request.chargeId, "charge");
  if (!request.paymentIntentId) {
    throw paramError(
      "charge",
      "One of the following params should be provided for this request: payment_intent or charge.",
      "parameter_missing",
    );
  }
  const intent = getOrThrow(scope, "paymentIntents", request.paymentIntentId, "payment_intent");
  const chargeId = idOf(intent.latest_charge);
  const charge = chargeId ? scope.ledger.charges[chargeId] : undefined;
  if (!charge || intent.status !== "succeeded") {
    throw invalidRequest(
      "This PaymentIntent does not have a successful charge to refund.",
      "charge_not_refundable",
      "payment_intent",
    );
  }
  return charge;
}

/**
 * Full or partial refund of a captured charge; the charge shows the running
 * `amount_refunded` and becomes `refunded` once nothing is left.
 */
export function createRefund(scope: Scope, request: RefundRequest): S.Refund {
  const charge = refundableCharge(scope, request);
  if (charge.status !== "succeeded" || !charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured or did not succeed, so it cannot be refunded.`,
      "charge_not_refundable",
    );
  }
  if (charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, "charge_already_refunded");
  }
  const remaining = charge.amount_captured - charge.amount_refunded;
  const amount = request.amount ?? remaining;
  if (amount <= 0) throw paramError("amount", "Invalid positive integer", "parameter_invalid_integer");
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(remaining, charge.currency)})`,
      "amount_too_large",
      "amount",
    );
  }
  const transaction = balanceTransaction({
    amount: -amount,
    fee: 0,
    currency: charge.currency,
    source: "",
    type: "refund",
    description: "REFUND FOR CHARGE",
  });
  const refund = buildRefund({
    amount,
    charge,
    reason: request.reason,
    metadata: request.metadata,
    balanceTransaction: transaction.id,
  });
  transaction.source = refund.id;
  scope.ledger.balanceTransactions[transaction.id] = transaction;
  scope.ledger.refunds[refund.id] = refund;

  const before = toJson(charge);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  scope.emit("refund.created", refund);
  scope.emit("charge.refunded", charge, {
    amount_refunded: before.amount_refunded ?? 0,
    refunded: before.refunded ?? false,
  });
  return refund;
}
