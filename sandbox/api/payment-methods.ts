import { getOrThrow } from "../core/collections";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { LIST_PARAMS, newestFirst, paginate } from "../core/listing";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import {
  attachPaymentMethod,
  createPaymentMethod,
  detachPaymentMethod,
  readBillingDetails,
  refuseRawCardNumber,
  usablePaymentMethod,
} from "../payments/payment-methods";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

function create({ scope, params, keyKind }: ApiCall): S.PaymentMethod {
  refuseRawCardNumber(params.object("card"), keyKind, scope.livemode);
  const paymentMethod = createPaymentMethod(scope, params);
  const customer = params.string("customer");
  if (customer) attachPaymentMethod(scope, paymentMethod, customer);
  return paymentMethod;
}

function update(call: ApiCall): S.PaymentMethod {
  const paymentMethod = getOrThrow(call.scope, "paymentMethods", pathParam(call, "id"));
  const before = toJson(paymentMethod);
  if (call.params.has("billing_details"))
    paymentMethod.billing_details = readBillingDetails(call.params.object("billing_details"));
  if (call.params.has("metadata")) paymentMethod.metadata = call.params.metadata(paymentMethod.metadata ?? {});
  const previous = changedAttributes(before, paymentMethod);
  if (previous) call.scope.emit("payment_method.updated", paymentMethod, previous);
  return paymentMethod;
}

/**
 * `POST /v1/payment_methods/:id/attach`. A test alias (`pm_card_visa`, as the Stripe
 * CLI's invoice fixtures send) makes a new PaymentMethod and attaches that, as in
 * Stripe test mode; the answer carries its new id.
 */
function attach(call: ApiCall): S.PaymentMethod {
  const { scope, params } = call;
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const paymentMethod = usablePaymentMethod(scope, pathParam(call, "id"), "id");
  attachPaymentMethod(scope, paymentMethod, customer.id);
  return paymentMethod;
}

function list({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const type = params.string("type");
  const items = newestFirst(scope.ledger.paymentMethods).filter(
    (pm) => (!customer || idOf(pm.customer) === customer) && (!type || pm.type === type),
  );
  return paginate(items, params, "/v1/payment_methods");
}

function listForCustomer(call: ApiCall) {
  const customer = getOrThrow(call.scope, "customers", pathParam(call, "id"));
  const type = call.params.string("type");
  const items = newestFirst(call.scope.ledger.paymentMethods).filter(
    (pm) => idOf(pm.customer) === customer.id && (!type || pm.type === type),
  );
  return paginate(items, call.params, `/v1/customers/${customer.id}/payment_methods`);
}

export const paymentMethodRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/payment_methods",
    publishable: true,
    params: [
      "type",
      "card",
      "us_bank_account",
      "billing_details",
      "metadata",
      "customer",
      "allow_redisplay",
      "payment_user_agent",
      "time_on_page",
      "guid",
      "muid",
      "sid",
      "radar_options",
    ],
    handle: create,
  },
  { method: "GET", pattern: "/v1/payment_methods", params: [...LIST_PARAMS, "customer", "type"], handle: list },
  {
    method: "GET",
    pattern: "/v1/payment_methods/:id",
    publishable: true,
    params: [],
    handle: (call) => getOrThrow(call.scope, "paymentMethods", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/payment_methods/:id",
    params: ["billing_details", "metadata", "allow_redisplay", "card"],
    handle: update,
  },
  {
    method: "POST",
    pattern: "/v1/payment_methods/:id/attach",
    params: ["customer"],
    handle: attach,
  },
  {
    method: "POST",
    pattern: "/v1/payment_methods/:id/detach",
    params: [],
    handle: (call) => {
      const paymentMethod = getOrThrow(call.scope, "paymentMethods", pathParam(call, "id"));
      detachPaymentMethod(call.scope, paymentMethod);
      return paymentMethod;
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/:id/payment_methods",
    params: [...LIST_PARAMS, "type", "allow_redisplay"],
    handle: listForCustomer,
  },
];
