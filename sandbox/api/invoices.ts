import { nowSeconds } from "../core/clock";
import { getOrThrow } from "../core/collections";
import { invalidRequest, missingParam } from "../core/errors";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { attemptInvoicePayment, createManualInvoice, finalizeInvoice, invoicePaymentMethod } from "../billing/invoices";
import { usablePaymentMethod } from "../payments/payment-methods";
import { readCurrency, readDefaultPaymentMethod } from "./common-params";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

/** Accepted so SDK calls that send them work; the sandbox has no tax, discounts or rendering. */
const ACCEPTED_UNUSED = [
  "account_tax_ids",
  "automatic_tax",
  "custom_fields",
  "default_tax_rates",
  "discounts",
  "issuer",
  "payment_settings",
  "rendering",
  "shipping_cost",
  "shipping_details",
];

function subscriptionOf(invoice: S.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** `due_date` / `days_until_due` belong to `send_invoice`, which needs one of them. */
function readDueDate(call: ApiCall, collectionMethod: "charge_automatically" | "send_invoice"): number | null {
  const { params } = call;
  const dueDate = params.int("due_date");
  const daysUntilDue = params.int("days_until_due");
  const given = dueDate !== undefined || daysUntilDue !== undefined;
  if (collectionMethod === "charge_automatically" && given)
    throw invalidRequest(
      "You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'.",
    );
  if (collectionMethod === "send_invoice" && !given)
    throw invalidRequest(
      "If invoice collection method is 'send_invoice', you must specify 'due_date' or 'days_until_due'.",
    );
  if (dueDate !== undefined) return dueDate;
  return daysUntilDue === undefined ? null : nowSeconds() + daysUntilDue * 86400;
}

/** `POST /v1/invoices`: a one-off draft; `pending_invoice_items_behavior=include` bills pending items. */
function create(call: ApiCall): S.Invoice {
  const { scope, params } = call;
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const collectionMethod =
    params.oneOf("collection_method", ["charge_automatically", "send_invoice"] as const) ?? "charge_automatically";
  const dueDate = readDueDate(call, collectionMethod);
  const behaviour = params.oneOf("pending_invoice_items_behavior", ["include", "exclude"] as const) ?? "exclude";
  return createManualInvoice(scope, {
    customer,
    currency: params.has("currency") ? readCurrency(params) : undefined,
    includePendingItems: behaviour === "include",
    collectionMethod,
    autoAdvance: params.bool("auto_advance") ?? false,
    dueDate,
    defaultPaymentMethod: readDefaultPaymentMethod(scope, params, customer.id) ?? null,
    description: params.string("description") ?? null,
    footer: params.string("footer") ?? null,
    statementDescriptor: params.string("statement_descriptor") ?? null,
    metadata: params.metadata(),
  });
}

function list({ scope, params }: ApiCall) {
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.string("status");
  const items = newestFirst(scope.ledger.invoices).filter(
    (invoice) =>
      (!customer || idOf(invoice.customer) === customer) &&
      (!subscription || subscriptionOf(invoice) === subscription) &&
      (!status || invoice.status === status) &&
      matchesRange(invoice.created, params),
  );
  return paginate(items, params, "/v1/invoices");
}

/** `POST /v1/invoices/:id/finalize`: draft → open, without a payment attempt (as at Stripe). */
function finalize(call: ApiCall): S.Invoice {
  const invoice = getOrThrow(call.scope, "invoices", pathParam(call, "id"));
  const autoAdvance = call.params.bool("auto_advance");
  finalizeInvoice(call.scope, invoice);
  if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
  return invoice;
}

/**
 * `POST /v1/invoices/:id/pay`: one payment attempt, off-session by default. A draft is
 * finalized first; a decline answers Stripe's 402 and leaves the invoice open.
 */
function pay(call: ApiCall): S.Invoice {
  const { scope, params } = call;
  const invoice = getOrThrow(scope, "invoices", pathParam(call, "id"));
  if (invoice.status === "paid") throw invalidRequest("Invoice is already paid", "invoice_already_paid");
  if (invoice.status !== "open" && invoice.status !== "draft")
    throw invalidRequest(`You can only pay an open invoice; this one is ${invoice.status}.`, "invoice_not_editable");
  const given = params.string("payment_method");
  const chosen = given ? usablePaymentMethod(scope, given).id : null;
  if (invoice.status === "draft") finalizeInvoice(scope, invoice);
  if (invoice.status === "paid") return invoice;
  const { error } = attemptInvoicePayment(scope, invoice, {
    paymentMethodId: chosen ?? invoicePaymentMethod(scope, invoice),
    offSession: params.bool("off_session") ?? true,
    updateSubscription: true,
  });
  if (error) throw error;
  return invoice;
}

/** `GET /v1/invoice_payments`: by invoice, by the PaymentIntent that paid, by status. */
function listInvoicePayments({ scope, params }: ApiCall) {
  const invoice = params.string("invoice");
  const payment = params.object("payment");
  payment?.assertKnown(["type", "payment_intent", "payment_record"]);
  const paymentType = payment?.oneOf("type", ["payment_intent", "payment_record"] as const);
  if (payment && !paymentType) throw missingParam("payment[type]");
  const paymentIntent = payment?.string("payment_intent");
  const status = params.oneOf("status", ["canceled", "open", "paid"] as const);
  const items = newestFirst(scope.ledger.invoicePayments).filter(
    (candidate) =>
      (!invoice || idOf(candidate.invoice) === invoice) &&
      (!paymentType || candidate.payment.type === paymentType) &&
      (!paymentIntent || idOf(candidate.payment.payment_intent) === paymentIntent) &&
      (!status || candidate.status === status) &&
      matchesRange(candidate.created, params),
  );
  return paginate(items, params, "/v1/invoice_payments");
}

export const invoiceRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/invoices",
    params: [
      "customer",
      "currency",
      "auto_advance",
      "collection_method",
      "days_until_due",
      "due_date",
      "default_payment_method",
      "description",
      "footer",
      "metadata",
      "pending_invoice_items_behavior",
      "statement_descriptor",
      ...ACCEPTED_UNUSED,
    ],
    handle: create,
  },
  {
    method: "GET",
    pattern: "/v1/invoices",
    params: [...LIST_PARAMS, "customer", "subscription", "status", "collection_method", "due_date"],
    handle: list,
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "invoices", pathParam(call, "id")),
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id/lines",
    params: LIST_PARAMS,
    handle: (call) => {
      const invoice = getOrThrow(call.scope, "invoices", pathParam(call, "id"));
      return paginate(invoice.lines.data, call.params, `/v1/invoices/${invoice.id}/lines`);
    },
  },
  { method: "POST", pattern: "/v1/invoices/:id/finalize", params: ["auto_advance"], handle: finalize },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/pay",
    params: ["payment_method", "off_session", "forgive", "mandate", "paid_out_of_band", "source"],
    handle: pay,
  },
  {
    method: "GET",
    pattern: "/v1/invoice_payments",
    params: [...LIST_PARAMS, "invoice", "payment", "status"],
    handle: listInvoicePayments,
  },
  {
    method: "GET",
    pattern: "/v1/invoice_payments/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "invoicePayments", pathParam(call, "id")),
  },
];
