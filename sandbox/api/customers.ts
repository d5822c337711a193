import { getOrThrow } from "../core/collections";
import { invalidRequest } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { customer as buildCustomer } from "../objects/catalog";
import { cancelSubscriptionNow } from "../billing/subscriptions";
import { attachPaymentMethod, usablePaymentMethod } from "../payments/payment-methods";
import { readAddress } from "./common-params";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

const ACCEPTED_UNUSED = [
  "balance",
  "cash_balance",
  "coupon",
  "invoice_prefix",
  "next_invoice_sequence",
  "preferred_locales",
  "promotion_code",
  "shipping",
  "source",
  "tax",
  "tax_exempt",
  "tax_id_data",
  "test_clock",
  "business_name",
  "individual_name",
  "validate",
];

/**
 * `payment_method` attaches a card; `invoice_settings[default_payment_method]` makes one
 * the default (the Stripe CLI passes the same `pm_card_visa` alias to both).
 */
function applyPaymentMethods(scope: Scope, customer: S.Customer, params: Params): void {
  let attached: { alias: string; id: string } | undefined;
  const given = params.string("payment_method");
  if (given) {
    const paymentMethod = usablePaymentMethod(scope, given);
    attachPaymentMethod(scope, paymentMethod, customer.id);
    attached = { alias: given, id: paymentMethod.id };
  }
  const settings = params.object("invoice_settings");
  if (!settings) return;
  settings.assertKnown(["default_payment_method", "custom_fields", "footer", "rendering_options"]);
  if (settings.isEmpty("default_payment_method")) {
    customer.invoice_settings.default_payment_method = null;
    return;
  }
  const wanted = settings.string("default_payment_method");
  if (!wanted) return;
  if (attached && attached.alias === wanted) {
    customer.invoice_settings.default_payment_method = attached.id;
    return;
  }
  const paymentMethod = usablePaymentMethod(scope, wanted, "invoice_settings[default_payment_method]");
  if (wanted.startsWith("pm_card_")) attachPaymentMethod(scope, paymentMethod, customer.id);
  if (idOf(paymentMethod.customer) !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${paymentMethod.id}. The payment method must be attached to the customer.`,
      "resource_missing",
      "invoice_settings[default_payment_method]",
    );
  }
  customer.invoice_settings.default_payment_method = paymentMethod.id;
}

function create({ scope, params }: ApiCall): S.Customer {
  const customer = buildCustomer({
    livemode: scope.livemode,
    email: params.string("email") ?? null,
    name: params.string("name") ?? null,
    description: params.string("description") ?? null,
    phone: params.string("phone") ?? null,
    address: readAddress(params.object("address")),
    metadata: params.metadata(),
    defaultPaymentMethod: null,
  });
  scope.ledger.customers[customer.id] = customer;
  scope.emit("customer.created", customer);
  const before = toJson(customer);
  applyPaymentMethods(scope, customer, params);
  const previous = changedAttributes(before, customer);
  if (previous) scope.emit("customer.updated", customer, previous);
  return customer;
}

function update(call: ApiCall): S.Customer {
  const { scope, params } = call;
  const customer = getOrThrow(scope, "customers", pathParam(call, "id"));
  const before = toJson(customer);
  if (params.has("email")) customer.email = params.nullableString("email") ?? null;
  if (params.has("name")) customer.name = params.nullableString("name") ?? null;
  if (params.has("description")) customer.description = params.nullableString("description") ?? null;
  if (params.has("phone")) customer.phone = params.nullableString("phone") ?? null;
  if (params.has("address")) customer.address = readAddress(params.object("address"));
  if (params.has("metadata")) customer.metadata = params.metadata(customer.metadata);
  applyPaymentMethods(scope, customer, params);
  const previous = changedAttributes(before, customer);
  if (previous) scope.emit("customer.updated", customer, previous);
  return customer;
}

function remove(call: ApiCall) {
  const { scope } = call;
  const customer = getOrThrow(scope, "customers", pathParam(call, "id"));
  // Stripe cancels a deleted customer's subscriptions.
  for (const subscription of Object.values(scope.ledger.subscriptions)) {
    if (idOf(subscription.customer) === customer.id && subscription.status !== "canceled") {
      cancelSubscriptionNow(scope, subscription);
    }
  }
  delete scope.ledger.customers[customer.id];
  scope.emit("customer.deleted", customer);
  return { id: customer.id, object: "customer", deleted: true };
}

function list({ scope, params }: ApiCall) {
  const email = params.string("email");
  const items = newestFirst(scope.ledger.customers).filter(
    (customer) => (!email || customer.email === email) && matchesRange(customer.created, params),
  );
  return paginate(items, params, "/v1/customers");
}

export const customerRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/customers",
    params: [
      "address",
      "description",
      "email",
      "metadata",
      "name",
      "payment_method",
      "phone",
      "invoice_settings",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  { method: "GET", pattern: "/v1/customers", params: [...LIST_PARAMS, "email", "test_clock"], handle: list },
  {
    method: "GET",
    pattern: "/v1/customers/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "customers", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/customers/:id",
    params: [
      "address",
      "description",
      "email",
      "metadata",
      "name",
      "payment_method",
      "phone",
      "invoice_settings",
      "default_source",
      ...ACCEPTED_UNUSED,
    ],
    handle: update,
  },
  { method: "DELETE", pattern: "/v1/customers/:id", params: [], handle: remove },
];
