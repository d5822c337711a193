import { getOrThrow } from "../core/collections";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { createRefund } from "../payments/refunds";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

function listCharges({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const paymentIntent = params.string("payment_intent");
  const items = newestFirst(scope.ledger.charges).filter(
    (charge) =>
      (!customer || idOf(charge.customer) === customer) &&
      (!paymentIntent || idOf(charge.payment_intent) === paymentIntent) &&
      matchesRange(charge.created, params),
  );
  return paginate(items, params, "/v1/charges");
}

function updateCharge(call: ApiCall): S.Charge {
  const charge = getOrThrow(call.scope, "charges", pathParam(call, "id"));
  const before = toJson(charge);
  if (call.params.has("metadata")) charge.metadata = call.params.metadata(charge.metadata);
  if (call.params.has("description")) charge.description = call.params.nullableString("description") ?? null;
  if (call.params.has("receipt_email")) charge.receipt_email = call.params.nullableString("receipt_email") ?? null;
  const previous = changedAttributes(before, charge);
  if (previous) call.scope.emit("charge.updated", charge, previous);
  return charge;
}

function create({ scope, params }: ApiCall): S.Refund {
  const reason = params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"]);
  const chargeId = params.string("charge");
  const paymentIntentId = params.string("payment_intent");
  const amount = params.int("amount");
  return createRefund(scope, {
    ...(chargeId ? { chargeId } : {}),
    ...(paymentIntentId ? { paymentIntentId } : {}),
    ...(amount !== undefined ? { amount } : {}),
    reason: reason ?? null,
    metadata: params.metadata(),
  });
}

function listRefunds({ scope, params }: ApiCall) {
  const charge = params.string("charge");
  const paymentIntent = params.string("payment_intent");
  const items = newestFirst(scope.ledger.refunds).filter(
    (refund) =>
      (!charge || idOf(refund.charge) === charge) &&
      (!paymentIntent || idOf(refund.payment_intent) === paymentIntent) &&
      matchesRange(refund.created, params),
  );
  return paginate(items, params, "/v1/refunds");
}

function updateRefund(call: ApiCall): S.Refund {
  const refund = getOrThrow(call.scope, "refunds", pathParam(call, "id"));
  const before = toJson(refund);
  if (call.params.has("metadata")) refund.metadata = call.params.metadata(refund.metadata ?? {});
  const previous = changedAttributes(before, refund);
  if (previous) call.scope.emit("refund.updated", refund, previous);
  return refund;
}

export const chargeAndRefundRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/charges",
    params: [...LIST_PARAMS, "customer", "payment_intent", "transfer_group"],
    handle: listCharges,
  },
  {
    method: "GET",
    pattern: "/v1/charges/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "charges", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/charges/:id",
    params: ["metadata", "description", "receipt_email", "shipping", "fraud_details", "transfer_group"],
    handle: updateCharge,
  },
  {
    method: "POST",
    pattern: "/v1/refunds",
    params: [
      "charge",
      "payment_intent",
      "amount",
      "reason",
      "metadata",
      "refund_application_fee",
      "reverse_transfer",
      "instructions_email",
      "origin",
      "currency",
      "customer",
    ],
    handle: create,
  },
  { method: "GET", pattern: "/v1/refunds", params: [...LIST_PARAMS, "charge", "payment_intent"], handle: listRefunds },
  {
    method: "GET",
    pattern: "/v1/refunds/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "refunds", pathParam(call, "id")),
  },
  { method: "POST", pattern: "/v1/refunds/:id", params: ["metadata"], handle: updateRefund },
  {
    method: "GET",
    pattern: "/v1/balance_transactions/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "balanceTransactions", pathParam(call, "id")),
  },
];
