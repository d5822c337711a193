import { getOrThrow } from "../core/collections";
import { invalidRequest, missingParam, paramError } from "../core/errors";
import { nowSeconds } from "../core/clock";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type { CheckoutSessionExtras } from "../core/state";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { checkoutLineItem, checkoutSession } from "../objects/checkout";
import { defaultSessionExtras, expireSession, payCheckoutSession } from "../checkout/complete-session";
import { usablePaymentMethod } from "../payments/payment-methods";
import { readShipping } from "./common-params";
import { createPriceFromData } from "./products-and-prices";
import { pathParam, type ApiCall, type ApiRoute } from "./route";
import { CHECKOUT_UI_MODES } from "../vocabulary/stripe-vocabulary.generated";

const DAY_S = 86400;

const ACCEPTED_UNUSED = [
  "adaptive_pricing",
  "after_expiration",
  "allow_promotion_codes",
  "automatic_tax",
  "billing_address_collection",
  "branding_settings",
  "consent_collection",
  "currency",
  "custom_fields",
  "custom_text",
  "discounts",
  "excluded_payment_method_types",
  "integration_identifier",
  "invoice_creation",
  "locale",
  "managed_payments",
  "name_collection",
  "optional_items",
  "origin_context",
  "payment_method_collection",
  "payment_method_configuration",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
  "permissions",
  "phone_number_collection",
  "redirect_on_completion",
  "saved_payment_method_options",
  "shipping_address_collection",
  "shipping_options",
  "submit_type",
  "tax_id_collection",
  "wallet_options",
  "customer_update",
];

function readLineItems(scope: Scope, params: Params): S.LineItem[] {
  const items = params.objectArray("line_items");
  if (items.length === 0) throw missingParam("line_items");
  return items.map((item) => {
    item.assertKnown([
      "price",
      "price_data",
      "quantity",
      "adjustable_quantity",
      "tax_rates",
      "dynamic_tax_rates",
      "metadata",
    ]);
    const priceId = item.string("price");
    const priceData = item.object("price_data");
    const price = priceId
      ? getOrThrow(scope, "prices", priceId, "line_items[0][price]")
      : priceData
        ? createPriceFromData(scope, priceData)
        : undefined;
    if (!price) throw missingParam("line_items[0][price]");
    const productId = idOf(price.product) ?? "";
    const productName = scope.ledger.products[productId]?.name ?? null;
    return checkoutLineItem(price, item.requiredInt("quantity"), productName);
  });
}

function readExtras(params: Params): CheckoutSessionExtras {
  const intentData = params.object("payment_intent_data");
  const subscriptionData = params.object("subscription_data");
  return {
    paymentIntentData: {
      description: intentData?.string("description") ?? null,
      metadata: intentData?.metadata() ?? {},
      receiptEmail: intentData?.string("receipt_email") ?? null,
      setupFutureUsage: intentData?.oneOf("setup_future_usage", ["on_session", "off_session"] as const) ?? null,
      shipping: readShipping(intentData?.object("shipping")),
      captureMethod: intentData?.string("capture_method") === "manual" ? "manual" : "automatic",
    },
    subscriptionData: {
      metadata: subscriptionData?.metadata() ?? {},
      trialPeriodDays: subscriptionData?.int("trial_period_days") ?? null,
      description: subscriptionData?.string("description") ?? null,
    },
  };
}

function create({ scope, params }: ApiCall): S.CheckoutSession {
  const mode = params.oneOf("mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw missingParam("mode");
  if (mode === "setup")
    throw paramError("mode", "The Stripe sandbox supports Checkout in `payment` and `subscription` mode.");
  const uiMode = params.oneOf("ui_mode", CHECKOUT_UI_MODES) ?? "hosted_page";
  const successUrl = params.string("success_url") ?? null;
  if (uiMode === "hosted_page" && !successUrl) throw missingParam("success_url");
  const customer = params.string("customer") ?? null;
  const customerEmail = params.string("customer_email") ?? null;
  if (customer && customerEmail)
    throw paramError("customer_email", "You may only specify one of these parameters: customer, customer_email.");
  if (customer) getOrThrow(scope, "customers", customer, "customer");

  const lineItems = readLineItems(scope, params);
  const recurring = lineItems.filter((item) => item.price?.recurring);
  if (mode === "payment" && recurring.length > 0) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      "parameter_invalid",
      "line_items",
    );
  }
  if (mode === "subscription" && recurring.length === 0) {
    throw invalidRequest(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      "parameter_invalid",
      "line_items",
    );
  }
  const now = nowSeconds();
  const expiresAt = params.int("expires_at") ?? now + DAY_S;
  if (expiresAt < now + 1800 || expiresAt > now + DAY_S) {
    throw paramError(
      "expires_at",
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
    );
  }
  const session = checkoutSession({
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    mode,
    lineItems,
    successUrl,
    cancelUrl: params.string("cancel_url") ?? null,
    customer,
    customerEmail,
    clientReferenceId: params.string("client_reference_id") ?? null,
    metadata: params.metadata(),
    expiresAt,
    customerCreation:
      mode === "payment"
        ? (params.oneOf("customer_creation", ["always", "if_required"] as const) ?? "if_required")
        : null,
    uiMode,
    returnUrl: params.string("return_url") ?? null,
  });
  scope.ledger.checkoutSessions[session.id] = session;
  scope.ledger.checkoutLineItems[session.id] = lineItems;
  scope.ledger.hidden.checkoutExtras[session.id] = readExtras(params);
  return session;
}

function list({ scope, params }: ApiCall) {
  const paymentIntent = params.string("payment_intent");
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.oneOf("status", ["open", "complete", "expired"] as const);
  const items = newestFirst(scope.ledger.checkoutSessions).filter(
    (session) =>
      (!paymentIntent || idOf(session.payment_intent) === paymentIntent) &&
      (!customer || idOf(session.customer) === customer) &&
      (!subscription || idOf(session.subscription) === subscription) &&
      (!status || session.status === status) &&
      matchesRange(session.created, params),
  );
  return paginate(items, params, "/v1/checkout/sessions");
}

function update(call: ApiCall): S.CheckoutSession {
  const session = getOrThrow(call.scope, "checkoutSessions", pathParam(call, "id"));
  // Stripe has no `checkout.session.updated` event; an update is silent.
  if (call.params.has("metadata")) session.metadata = call.params.metadata(session.metadata ?? {});
  return session;
}

/** The Stripe CLI's `checkout.session.completed` fixture pays through these internal endpoints. */
function confirmPaymentPage(call: ApiCall): S.CheckoutSession {
  const { scope, params } = call;
  const session = getOrThrow(scope, "checkoutSessions", pathParam(call, "id"));
  const expected = params.int("expected_amount");
  if (expected !== undefined && expected !== session.amount_total) {
    throw invalidRequest(
      `The expected_amount (${expected}) does not match the amount of this Checkout Session (${session.amount_total ?? 0}).`,
      "parameter_invalid",
      "expected_amount",
    );
  }
  const paymentMethod = usablePaymentMethod(scope, params.requiredString("payment_method"));
  const extras = scope.ledger.hidden.checkoutExtras[session.id] ?? defaultSessionExtras();
  const result = payCheckoutSession(scope, session, extras, {
    paymentMethodId: paymentMethod.id,
    email: params.string("email") ?? paymentMethod.billing_details.email,
    name: paymentMethod.billing_details.name,
  });
  if (result.status === "failed") throw result.error;
  return session;
}

export const checkoutSessionRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/checkout/sessions",
    params: [
      "mode",
      "line_items",
      "success_url",
      "cancel_url",
      "return_url",
      "ui_mode",
      "customer",
      "customer_email",
      "customer_creation",
      "client_reference_id",
      "metadata",
      "payment_intent_data",
      "subscription_data",
      "expires_at",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions",
    params: [
      ...LIST_PARAMS,
      "payment_intent",
      "customer",
      "subscription",
      "status",
      "customer_details",
      "payment_link",
    ],
    handle: list,
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "checkoutSessions", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/checkout/sessions/:id",
    params: ["metadata", "collected_information", "shipping_options", "line_items"],
    handle: update,
  },
  {
    method: "POST",
    pattern: "/v1/checkout/sessions/:id/expire",
    params: [],
    handle: (call) => {
      const session = getOrThrow(call.scope, "checkoutSessions", pathParam(call, "id"));
      expireSession(call.scope, session);
      return session;
    },
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions/:id/line_items",
    params: LIST_PARAMS,
    handle: (call) => {
      const session = getOrThrow(call.scope, "checkoutSessions", pathParam(call, "id"));
      return paginate(
        call.scope.ledger.checkoutLineItems[session.id] ?? [],
        call.params,
        `/v1/checkout/sessions/${session.id}/line_items`,
      );
    },
  },
  {
    method: "GET",
    pattern: "/v1/payment_pages/:id",
    publishable: true,
    params: [],
    handle: (call) => getOrThrow(call.scope, "checkoutSessions", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/payment_pages/:id/confirm",
    publishable: true,
    params: ["payment_method", "expected_amount", "email", "expected_payment_method_type", "eid"],
    handle: confirmPaymentPage,
  },
];
