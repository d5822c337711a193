import { getOrThrow } from "../core/collections";
import { invalidRequest } from "../core/errors";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { portalSession } from "../objects/billing";
import { attemptInvoicePayment, billingPaymentMethod } from "../billing/invoices";
import { usablePaymentMethod } from "../payments/payment-methods";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

function subscriptionOf(invoice: S.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
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

/** `POST /v1/invoices/:id/pay`: retry a failed (renewal) payment, e.g. after the card changed. */
function pay(call: ApiCall): S.Invoice {
  const { scope, params } = call;
  const invoice = getOrThrow(scope, "invoices", pathParam(call, "id"));
  if (invoice.status === "paid") throw invalidRequest("Invoice is already paid", "invoice_already_paid");
  if (invoice.status !== "open")
    throw invalidRequest(
      `You can only pay an open invoice; this one is ${invoice.status ?? "draft"}.`,
      "invoice_not_editable",
    );
  const subscription = scope.ledger.subscriptions[subscriptionOf(invoice) ?? ""];
  const given = params.string("payment_method");
  const paymentMethodId = given
    ? usablePaymentMethod(scope, given).id
    : (idOf(invoice.default_payment_method) ?? (subscription ? billingPaymentMethod(scope, subscription) : null));
  const { error } = attemptInvoicePayment(scope, invoice, {
    paymentMethodId,
    offSession: params.bool("off_session") ?? true,
    updateSubscription: true,
  });
  if (error) throw error;
  return invoice;
}

function createPortalSession({ scope, params }: ApiCall): S.PortalSession {
  const customer = getOrThrow(scope, "customers", params.requiredString("customer"), "customer");
  const session = portalSession({
    livemode: scope.livemode,
    baseUrl: scope.baseUrl,
    customer: customer.id,
    returnUrl: params.string("return_url") ?? null,
  });
  scope.ledger.portalSessions[session.id] = session;
  return session;
}

export const invoiceAndPortalRoutes: ApiRoute[] = [
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
    handle: ({ scope, params }) => {
      const invoice = params.string("invoice");
      const items = newestFirst(scope.ledger.invoicePayments).filter(
        (payment) => !invoice || idOf(payment.invoice) === invoice,
      );
      return paginate(items, params, "/v1/invoice_payments");
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoice_payments/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "invoicePayments", pathParam(call, "id")),
  },
  {
    method: "POST",
    pattern: "/v1/billing_portal/sessions",
    params: ["customer", "return_url", "configuration", "flow_data", "locale", "on_behalf_of", "customer_account"],
    handle: createPortalSession,
  },
];
