import { resourceMissing } from "./errors";
import type { Ledger, SandboxEvent } from "./state";
import type { Scope } from "./scope";
import type * as S from "./stripe-types";

/** Ledger collections that hold Stripe objects directly, addressable by id prefix. */
export type CollectionKey =
  | "customers"
  | "products"
  | "prices"
  | "paymentMethods"
  | "paymentIntents"
  | "charges"
  | "refunds"
  | "balanceTransactions"
  | "checkoutSessions"
  | "subscriptions"
  | "invoices"
  | "invoicePayments"
  | "invoiceItems"
  | "portalSessions"
  | "events";

interface CollectionItems {
  customers: S.Customer;
  products: S.Product;
  prices: S.Price;
  paymentMethods: S.PaymentMethod;
  paymentIntents: S.PaymentIntent;
  charges: S.Charge;
  refunds: S.Refund;
  balanceTransactions: S.BalanceTransaction;
  checkoutSessions: S.CheckoutSession;
  subscriptions: S.Subscription;
  invoices: S.Invoice;
  invoicePayments: S.InvoicePayment;
  invoiceItems: S.InvoiceItem;
  portalSessions: S.PortalSession;
  events: SandboxEvent;
}

export type CollectionItem<K extends CollectionKey> = CollectionItems[K];
type Collections = { [K in CollectionKey]: Record<string, CollectionItems[K]> };

/** One collection of a ledger, typed by its key. */
export function collectionOf<K extends CollectionKey>(ledger: Ledger, key: K): Collections[K] {
  const collections: Collections = ledger;
  return collections[key];
}

const COLLECTIONS: ReadonlyArray<{ prefix: string; key: CollectionKey; objectName: string }> = [
  { prefix: "cus_", key: "customers", objectName: "customer" },
  { prefix: "prod_", key: "products", objectName: "product" },
  { prefix: "price_", key: "prices", objectName: "price" },
  { prefix: "pm_", key: "paymentMethods", objectName: "payment_method" },
  { prefix: "pi_", key: "paymentIntents", objectName: "payment_intent" },
  { prefix: "ch_", key: "charges", objectName: "charge" },
  { prefix: "re_", key: "refunds", objectName: "refund" },
  { prefix: "txn_", key: "balanceTransactions", objectName: "balance_transaction" },
  { prefix: "cs_", key: "checkoutSessions", objectName: "checkout.session" },
  { prefix: "sub_", key: "subscriptions", objectName: "subscription" },
  { prefix: "inpay_", key: "invoicePayments", objectName: "invoice_payment" },
  { prefix: "in_", key: "invoices", objectName: "invoice" },
  { prefix: "ii_", key: "invoiceItems", objectName: "Invoice Item" },
  { prefix: "bps_", key: "portalSessions", objectName: "billing_portal.session" },
  { prefix: "evt_", key: "events", objectName: "event" },
];

function objectNameOf(key: CollectionKey): string {
  return COLLECTIONS.find((entry) => entry.key === key)?.objectName ?? key;
}

/** Any object of the ledger by id, for `expand[]` of fields that hold an id. */
export function findById(ledger: Ledger, id: string): object | undefined {
  const entry = COLLECTIONS.find((candidate) => id.startsWith(candidate.prefix));
  if (!entry) return undefined;
  const collection: Record<string, object> = collectionOf(ledger, entry.key);
  return collection[id];
}

/**
 * The object or Stripe's 404, including its hint when the id belongs to the other mode:
 * "a similar object exists in live mode, but a test mode key was used to make this request."
 */
export function getOrThrow<K extends CollectionKey>(scope: Scope, key: K, id: string, param = "id"): CollectionItem<K> {
  const collection = collectionOf(scope.ledger, key);
  const found = collection[id];
  if (found !== undefined) return found;
  const other = collectionOf(scope.otherModeLedger, key);
  const hint =
    other[id] !== undefined
      ? `; a similar object exists in ${scope.livemode ? "test" : "live"} mode, but a ${scope.livemode ? "live" : "test"} mode key was used to make this request.`
      : "";
  throw resourceMissing(objectNameOf(key), id, param, hint);
}
