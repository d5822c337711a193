import type { VirtualFields } from "../core/expand";
import { toJson, type JsonObject } from "../core/json";
import { newestFirst } from "../core/listing";
import type { Ledger } from "../core/state";
import { idOf } from "../core/stripe-types";

function list(data: object[], url: string): JsonObject {
  return { object: "list", data: data.map((item) => toJson(item)), has_more: false, url };
}

function ownerId(owner: JsonObject): string {
  return typeof owner.id === "string" ? owner.id : "";
}

function defaultIntentOfInvoice(ledger: Ledger, invoiceId: string) {
  const payment = Object.values(ledger.invoicePayments).find(
    (candidate) => idOf(candidate.invoice) === invoiceId && candidate.is_default,
  );
  return payment ? ledger.paymentIntents[idOf(payment.payment.payment_intent) ?? ""] : undefined;
}

/** Fields Stripe includes only on request (`expand[]`), computed from the ledger. */
export const VIRTUAL_FIELDS: VirtualFields = {
  "checkout.session": {
    line_items: (ledger, owner) =>
      list(ledger.checkoutLineItems[ownerId(owner)] ?? [], `/v1/checkout/sessions/${ownerId(owner)}/line_items`),
  },
  charge: {
    refunds: (ledger, owner) =>
      list(
        newestFirst(ledger.refunds).filter((refund) => idOf(refund.charge) === ownerId(owner)),
        `/v1/charges/${ownerId(owner)}/refunds`,
      ),
  },
  customer: {
    subscriptions: (ledger, owner) =>
      list(
        newestFirst(ledger.subscriptions).filter((subscription) => idOf(subscription.customer) === ownerId(owner)),
        `/v1/customers/${ownerId(owner)}/subscriptions`,
      ),
  },
  invoice: {
    payments: (ledger, owner) =>
      list(
        newestFirst(ledger.invoicePayments).filter((payment) => idOf(payment.invoice) === ownerId(owner)),
        `/v1/invoice_payments?invoice=${ownerId(owner)}`,
      ),
    /** What the Payment Element needs to pay a subscription's first invoice. */
    confirmation_secret: (ledger, owner) => {
      const intent = defaultIntentOfInvoice(ledger, ownerId(owner));
      return owner.status === "open" && intent?.client_secret
        ? { client_secret: intent.client_secret, type: "payment_intent" }
        : null;
    },
  },
};
