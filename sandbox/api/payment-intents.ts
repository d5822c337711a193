import { getOrThrow } from "../core/collections";
import { invalidRequest, paramError } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { paymentIntent } from "../objects/payments";
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  type ConfirmOptions,
} from "../payments/confirm";
import { createPaymentMethod, usablePaymentMethod } from "../payments/payment-methods";
import { afterPaymentAttempt } from "../billing/after-payment";
import { assertClientSecret, readChargeAmount, readCurrency, readShipping } from "./common-params";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

/** Parameters Stripe accepts that the sandbox takes but does not act on. */
const ACCEPTED_UNUSED = [
  "application_fee_amount",
  "confirmation_method",
  "error_on_requires_action",
  "excluded_payment_method_types",
  "mandate",
  "mandate_data",
  "on_behalf_of",
  "payment_method_configuration",
  "payment_method_options",
  "radar_options",
  "transfer_data",
  "transfer_group",
  "use_stripe_sdk",
  "amount_details",
  "payment_details",
  "hooks",
  "expected_payment_method_type",
  "confirmation_token",
];

const CONFIRM_PARAMS = [
  "payment_method",
  "payment_method_data",
  "return_url",
  "off_session",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "payment_method_types",
  "capture_method",
  "client_secret",
];

function readSetupFutureUsage(params: Params): "on_session" | "off_session" | null | undefined {
  if (params.isEmpty("setup_future_usage")) return null;
  return params.oneOf("setup_future_usage", ["on_session", "off_session"] as const);
}

/**
 * `payment_method` or `payment_method_data` of a create/update/confirm call, as the id of
 * a stored PaymentMethod (a `pm_card_visa` alias becomes a new PaymentMethod, as in Stripe).
 */
function paymentMethodFrom(scope: Scope, params: Params): string | undefined {
  const data = params.object("payment_method_data");
  if (data) return createPaymentMethod(scope, data).id;
  const id = params.string("payment_method");
  return id === undefined ? undefined : usablePaymentMethod(scope, id).id;
}

/** `readPaymentMethod` is false when the caller already turned the parameters into a PaymentMethod. */
function confirmOptions(scope: Scope, params: Params, readPaymentMethod = true): ConfirmOptions {
  const paymentMethodId = readPaymentMethod ? paymentMethodFrom(scope, params) : undefined;
  const returnUrl = params.string("return_url");
  // `off_session` is a boolean or, in older integrations, 'one_off' / 'recurring'.
  const offSessionText = params.string("off_session");
  const offSession = offSessionText === undefined ? undefined : offSessionText !== "false";
  return {
    ...(paymentMethodId ? { paymentMethodId } : {}),
    ...(returnUrl ? { returnUrl } : {}),
    ...(offSession !== undefined ? { offSession } : {}),
  };
}

/** Fields a confirm call may also set on the intent. */
function applyConfirmFields(intent: S.PaymentIntent, params: Params): void {
  const receiptEmail = params.string("receipt_email");
  if (receiptEmail) intent.receipt_email = receiptEmail;
  const setupFutureUsage = readSetupFutureUsage(params);
  if (setupFutureUsage !== undefined) intent.setup_future_usage = setupFutureUsage;
  if (params.has("shipping")) intent.shipping = readShipping(params.object("shipping"));
}

/**
 * Confirms, then lets invoices and Checkout Sessions paid by this intent follow — also
 * after a decline, but not when the confirm was refused before any attempt.
 */
function confirmAndFollow(scope: Scope, intent: S.PaymentIntent, options: ConfirmOptions): void {
  const attemptBefore = `${intent.status}:${idOf(intent.latest_charge)}`;
  try {
    confirmPaymentIntent(scope, intent, options);
  } finally {
    if (`${intent.status}:${idOf(intent.latest_charge)}` !== attemptBefore) afterPaymentAttempt(scope, intent);
  }
}

function create({ scope, params }: ApiCall): S.PaymentIntent {
  const currency = readCurrency(params);
  const amount = readChargeAmount(params, currency);
  const customer = params.string("customer");
  if (customer) getOrThrow(scope, "customers", customer, "customer");
  const automatic = params.object("automatic_payment_methods");
  const types = params.stringArray("payment_method_types");
  if (automatic && types) {
    throw paramError(
      "automatic_payment_methods",
      "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
    );
  }
  const intent = paymentIntent({
    livemode: scope.livemode,
    amount,
    currency,
    customer: customer ?? null,
    description: params.string("description") ?? null,
    metadata: params.metadata(),
    paymentMethodTypes: types ?? ["card"],
    automaticPaymentMethods: types === undefined && automatic?.bool("enabled") !== false,
    captureMethod:
      params.oneOf("capture_method", ["automatic", "automatic_async", "manual"]) === "manual" ? "manual" : "automatic",
    receiptEmail: params.string("receipt_email") ?? null,
    setupFutureUsage: readSetupFutureUsage(params) ?? null,
    shipping: readShipping(params.object("shipping")),
    statementDescriptor: params.string("statement_descriptor") ?? null,
    statementDescriptorSuffix: params.string("statement_descriptor_suffix") ?? null,
  });
  scope.ledger.paymentIntents[intent.id] = intent;
  const paymentMethodId = paymentMethodFrom(scope, params);
  if (paymentMethodId) {
    intent.payment_method = paymentMethodId;
    intent.status = "requires_confirmation";
  }
  scope.emit("payment_intent.created", intent);
  if (params.bool("confirm")) {
    confirmAndFollow(scope, intent, {
      ...confirmOptions(scope, params, false),
      ...(paymentMethodId ? { paymentMethodId } : {}),
    });
  }
  return intent;
}

function retrieve(call: ApiCall): S.PaymentIntent {
  const intent = getOrThrow(call.scope, "paymentIntents", pathParam(call, "id"));
  assertClientSecret(call.params, intent.client_secret, call.keyKind);
  return intent;
}

const UPDATABLE_STATUSES: ReadonlyArray<S.PaymentIntent["status"]> = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];

function update(call: ApiCall): S.PaymentIntent {
  const { scope, params } = call;
  const intent = getOrThrow(scope, "paymentIntents", pathParam(call, "id"));
  const before = toJson(intent);
  const changesMoney =
    params.has("amount") || params.has("currency") || params.has("payment_method") || params.has("payment_method_data");
  if (changesMoney && !UPDATABLE_STATUSES.includes(intent.status)) {
    throw invalidRequest(
      `This PaymentIntent's amount could not be updated because it has a status of ${intent.status}. You may only update the amount of a PaymentIntent with one of the following statuses: ${UPDATABLE_STATUSES.join(", ")}.`,
      "payment_intent_unexpected_state",
    );
  }
  if (params.has("currency")) intent.currency = readCurrency(params);
  if (params.has("amount")) intent.amount = readChargeAmount(params, intent.currency);
  if (params.has("customer")) {
    const customer = params.nullableString("customer");
    if (customer) getOrThrow(scope, "customers", customer, "customer");
    intent.customer = customer ?? null;
  }
  if (params.has("description")) intent.description = params.nullableString("description") ?? null;
  if (params.has("metadata")) intent.metadata = params.metadata(intent.metadata);
  if (params.has("receipt_email")) intent.receipt_email = params.nullableString("receipt_email") ?? null;
  if (params.has("statement_descriptor"))
    intent.statement_descriptor = params.nullableString("statement_descriptor") ?? null;
  if (params.has("statement_descriptor_suffix"))
    intent.statement_descriptor_suffix = params.nullableString("statement_descriptor_suffix") ?? null;
  if (params.has("shipping")) intent.shipping = readShipping(params.object("shipping"));
  const setupFutureUsage = readSetupFutureUsage(params);
  if (setupFutureUsage !== undefined) intent.setup_future_usage = setupFutureUsage;
  const types = params.stringArray("payment_method_types");
  if (types) intent.payment_method_types = types;
  const paymentMethodId = paymentMethodFrom(scope, params);
  if (paymentMethodId) {
    intent.payment_method = paymentMethodId;
    intent.status = "requires_confirmation";
  }
  const previous = changedAttributes(before, intent);
  if (previous) scope.emit("payment_intent.updated", intent, previous);
  return intent;
}

function confirm(call: ApiCall): S.PaymentIntent {
  const { scope, params, keyKind } = call;
  const intent = getOrThrow(scope, "paymentIntents", pathParam(call, "id"));
  assertClientSecret(params, intent.client_secret, keyKind);
  applyConfirmFields(intent, params);
  confirmAndFollow(scope, intent, confirmOptions(scope, params));
  return intent;
}

function cancel(call: ApiCall): S.PaymentIntent {
  const intent = getOrThrow(call.scope, "paymentIntents", pathParam(call, "id"));
  const reason = call.params.oneOf("cancellation_reason", [
    "duplicate",
    "fraudulent",
    "requested_by_customer",
    "abandoned",
  ]);
  cancelPaymentIntent(call.scope, intent, reason ?? null);
  return intent;
}

function capture(call: ApiCall): S.PaymentIntent {
  const intent = getOrThrow(call.scope, "paymentIntents", pathParam(call, "id"));
  capturePaymentIntent(call.scope, intent, call.params.int("amount_to_capture"));
  afterPaymentAttempt(call.scope, intent);
  return intent;
}

function list({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const items = newestFirst(scope.ledger.paymentIntents).filter(
    (intent) => (!customer || idOf(intent.customer) === customer) && matchesRange(intent.created, params),
  );
  return paginate(items, params, "/v1/payment_intents");
}

export const paymentIntentRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/payment_intents",
    params: [
      "amount",
      "currency",
      "automatic_payment_methods",
      "capture_method",
      "confirm",
      "customer",
      "description",
      "metadata",
      "off_session",
      "payment_method",
      "payment_method_data",
      "payment_method_types",
      "receipt_email",
      "return_url",
      "setup_future_usage",
      "shipping",
      "statement_descriptor",
      "statement_descriptor_suffix",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  { method: "GET", pattern: "/v1/payment_intents", params: [...LIST_PARAMS, "customer"], handle: list },
  { method: "GET", pattern: "/v1/payment_intents/:id", publishable: true, params: ["client_secret"], handle: retrieve },
  {
    method: "POST",
    pattern: "/v1/payment_intents/:id",
    params: [
      "amount",
      "currency",
      "customer",
      "description",
      "metadata",
      "payment_method",
      "payment_method_data",
      "payment_method_types",
      "receipt_email",
      "setup_future_usage",
      "shipping",
      "statement_descriptor",
      "statement_descriptor_suffix",
      "capture_method",
      ...ACCEPTED_UNUSED,
    ],
    handle: update,
  },
  {
    method: "POST",
    pattern: "/v1/payment_intents/:id/confirm",
    publishable: true,
    params: [...CONFIRM_PARAMS, ...ACCEPTED_UNUSED],
    handle: confirm,
  },
  { method: "POST", pattern: "/v1/payment_intents/:id/cancel", params: ["cancellation_reason"], handle: cancel },
  {
    method: "POST",
    pattern: "/v1/payment_intents/:id/capture",
    params: [
      "amount_to_capture",
      "metadata",
      "application_fee_amount",
      "statement_descriptor",
      "statement_descriptor_suffix",
      "final_capture",
    ],
    handle: capture,
  },
];
