import { getOrThrow } from "../core/collections";
import { invalidRequest, missingParam, paramError, StripeApiError } from "../core/errors";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type { KeyKind } from "../core/store";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { CAPTURE_METHODS, paymentIntent } from "../objects/payments";
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  type ConfirmOptions,
} from "../payments/confirm";
import {
  automaticPaymentMethodTypes,
  createPaymentMethod,
  refuseRawCardNumber,
  usablePaymentMethod,
} from "../payments/payment-methods";
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
  "allowed_payment_method_types",
  "capture_method",
  "client_secret",
];

const RETURN_URL_REQUIRED =
  "This PaymentIntent is configured to accept payment methods enabled in your Dashboard, because `automatic_payment_methods[enabled]` is set to `true`. Some of these payment methods may redirect your customer off of your page to complete the payment, so you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[allow_redirects]` to `never` when creating the Setup Intent and Payment Intent.";

/**
 * A server-side confirm of an intent that may use redirect-based methods needs somewhere
 * to send the customer back to, even when the method at hand is a card. Stripe.js passes
 * the page's `return_url` itself, so publishable-key confirms are not held to this.
 */
function assertReturnUrl(intent: S.PaymentIntent, returnUrl: string | undefined, keyKind: KeyKind): void {
  if (keyKind !== "secret" || returnUrl) return;
  const automatic = intent.automatic_payment_methods;
  if (!automatic?.enabled || automatic.allow_redirects === "never") return;
  throw new StripeApiError(
    400,
    { type: "invalid_request_error", message: RETURN_URL_REQUIRED, param: "return_url" },
    false,
  );
}

/** `automatic_payment_methods[...]`: false when disabled, undefined when not sent. */
function readAutomaticPaymentMethods(params: Params): { allowRedirects: "always" | "never" } | false | undefined {
  const automatic = params.object("automatic_payment_methods");
  if (!automatic) return undefined;
  automatic.assertKnown(["enabled", "allow_redirects"]);
  const enabled = automatic.bool("enabled");
  if (enabled === undefined) throw missingParam("automatic_payment_methods[enabled]");
  const allowRedirects = automatic.oneOf("allow_redirects", ["always", "never"] as const) ?? "always";
  return enabled ? { allowRedirects } : false;
}

/**
 * An explicit list of payment method types: `payment_method_types[]` as API versions before
 * 2026-10-28 send it (and the Stripe CLI's fixtures), echoed as is, or
 * `allowed_payment_method_types[]` of the pinned version, whose compatible subset becomes
 * `payment_method_types`. Either one turns automatic payment methods off.
 */
interface ExplicitTypes {
  types: string[];
  allowed: boolean;
}

function readExplicitTypes(params: Params): ExplicitTypes | undefined {
  const types = params.stringArray("payment_method_types");
  const allowed = params.stringArray("allowed_payment_method_types");
  if (types && allowed) {
    throw paramError(
      "allowed_payment_method_types",
      "You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.",
    );
  }
  if (allowed) return { types: allowed, allowed: true };
  return types ? { types, allowed: false } : undefined;
}

function applyExplicitTypes(intent: S.PaymentIntent, explicit: ExplicitTypes): void {
  intent.automatic_payment_methods = null;
  intent.allowed_payment_method_types = explicit.allowed ? explicit.types : null;
  intent.payment_method_types = explicit.types;
  refreshPaymentMethodTypes(intent);
}

/** `payment_method_types` follows the currency unless the caller listed them outright. */
function refreshPaymentMethodTypes(intent: S.PaymentIntent): void {
  const supported = automaticPaymentMethodTypes(intent.currency);
  if (intent.automatic_payment_methods?.enabled) intent.payment_method_types = supported;
  else if (intent.allowed_payment_method_types) {
    intent.payment_method_types = intent.allowed_payment_method_types.filter((type) => supported.includes(type));
  }
}

/** Raw `payment_method_data[card][number]` is refused with a secret key, as on `/v1/payment_methods`. */
function refuseRawCardData(call: ApiCall): void {
  refuseRawCardNumber(call.params.object("payment_method_data")?.object("card"), call.keyKind, call.scope.livemode);
}

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
  const captureMethod = params.oneOf("capture_method", CAPTURE_METHODS);
  if (captureMethod) intent.capture_method = captureMethod;
  const explicit = readExplicitTypes(params);
  if (explicit) applyExplicitTypes(intent, explicit);
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

function create(call: ApiCall): S.PaymentIntent {
  const { scope, params } = call;
  const currency = readCurrency(params);
  const amount = readChargeAmount(params, currency);
  const customer = params.string("customer");
  if (customer) getOrThrow(scope, "customers", customer, "customer");
  const explicit = readExplicitTypes(params);
  if (params.has("automatic_payment_methods") && explicit) {
    const other = explicit.allowed ? "allowed_payment_method_types" : "payment_method_types";
    throw paramError(
      "automatic_payment_methods",
      `You may only specify one of these parameters: automatic_payment_methods, ${other}.`,
    );
  }
  // Without a list of types, automatic payment methods are on (API 2023-08-16 and later).
  const automatic = explicit ? false : (readAutomaticPaymentMethods(params) ?? { allowRedirects: "always" });
  const intent = paymentIntent({
    livemode: scope.livemode,
    amount,
    currency,
    customer: customer ?? null,
    description: params.string("description") ?? null,
    metadata: params.metadata(),
    paymentMethodTypes: automatic ? automaticPaymentMethodTypes(currency) : ["card"],
    automaticPaymentMethods: automatic,
    captureMethod: params.oneOf("capture_method", CAPTURE_METHODS) ?? "automatic_async",
    receiptEmail: params.string("receipt_email") ?? null,
    setupFutureUsage: readSetupFutureUsage(params) ?? null,
    shipping: readShipping(params.object("shipping")),
    statementDescriptor: params.string("statement_descriptor") ?? null,
    statementDescriptorSuffix: params.string("statement_descriptor_suffix") ?? null,
  });
  if (explicit) applyExplicitTypes(intent, explicit);
  refuseRawCardData(call);
  // Refused before anything exists, as Stripe does: no intent, no event.
  if (params.bool("confirm")) assertReturnUrl(intent, params.string("return_url"), call.keyKind);
  const paymentMethodId = paymentMethodFrom(scope, params);
  scope.ledger.paymentIntents[intent.id] = intent;
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

/** `POST /v1/payment_intents/:id`. Stripe sends no event for a plain update. */
function update(call: ApiCall): S.PaymentIntent {
  const { scope, params } = call;
  const intent = getOrThrow(scope, "paymentIntents", pathParam(call, "id"));
  refuseRawCardData(call);
  // Fields that decide what is charged, and how, are frozen once the payment is under way.
  const frozen = [
    "amount",
    "currency",
    "payment_method",
    "payment_method_data",
    "capture_method",
    "payment_method_types",
    "allowed_payment_method_types",
  ];
  const field = frozen.find((name) => params.has(name));
  if (field && !UPDATABLE_STATUSES.includes(intent.status)) {
    const shown = field === "currency" || field.startsWith("payment_method") ? "amount" : field;
    throw invalidRequest(
      `This PaymentIntent's ${shown} could not be updated because it has a status of ${intent.status}. You may only update the ${shown} of a PaymentIntent with one of the following statuses: ${UPDATABLE_STATUSES.join(", ")}.`,
      "payment_intent_unexpected_state",
    );
  }
  if (params.has("currency")) intent.currency = readCurrency(params);
  if (params.has("amount")) intent.amount = readChargeAmount(params, intent.currency);
  const captureMethod = params.oneOf("capture_method", CAPTURE_METHODS);
  if (captureMethod) intent.capture_method = captureMethod;
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
  const explicit = readExplicitTypes(params);
  if (explicit) applyExplicitTypes(intent, explicit);
  else refreshPaymentMethodTypes(intent);
  const paymentMethodId = paymentMethodFrom(scope, params);
  if (paymentMethodId) {
    intent.payment_method = paymentMethodId;
    intent.status = "requires_confirmation";
  }
  return intent;
}

function confirm(call: ApiCall): S.PaymentIntent {
  const { scope, params, keyKind } = call;
  const intent = getOrThrow(scope, "paymentIntents", pathParam(call, "id"));
  assertClientSecret(params, intent.client_secret, keyKind);
  refuseRawCardData(call);
  assertReturnUrl(
    readExplicitTypes(params) ? { ...intent, automatic_payment_methods: null } : intent,
    params.string("return_url"),
    keyKind,
  );
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
      "allowed_payment_method_types",
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
      "allowed_payment_method_types",
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
