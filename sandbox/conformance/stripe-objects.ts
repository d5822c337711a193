import type Stripe from "stripe";

/**
 * The Stripe objects whose shape the conformance check holds the sandbox to, as the
 * installed SDK declares them. `generate-schemas.ts` turns each into a JSON schema; a
 * field the SDK adds, renames or retypes shows up as a violation once the SDK is updated
 * and the schemas regenerated.
 */
export type PaymentIntent = Stripe.PaymentIntent;
export type Charge = Stripe.Charge;
export type Refund = Stripe.Refund;
export type BalanceTransaction = Stripe.BalanceTransaction;
export type PaymentMethod = Stripe.PaymentMethod;
export type Customer = Stripe.Customer;
export type DeletedCustomer = Stripe.DeletedCustomer;
export type Product = Stripe.Product;
export type DeletedProduct = Stripe.DeletedProduct;
export type Price = Stripe.Price;
export type CheckoutSession = Stripe.Checkout.Session;
export type LineItem = Stripe.LineItem;
export type Subscription = Stripe.Subscription;
export type SubscriptionItem = Stripe.SubscriptionItem;
export type Invoice = Stripe.Invoice;
export type DeletedInvoice = Stripe.DeletedInvoice;
export type InvoiceLineItem = Stripe.InvoiceLineItem;
export type InvoicePayment = Stripe.InvoicePayment;
export type InvoiceItem = Stripe.InvoiceItem;
export type DeletedInvoiceItem = Stripe.DeletedInvoiceItem;
export type PortalSession = Stripe.BillingPortal.Session;
export type WebhookEndpoint = Stripe.WebhookEndpoint;
export type DeletedWebhookEndpoint = Stripe.DeletedWebhookEndpoint;
export type Account = Stripe.Account;
/**
 * The envelope every event shares. Its `data.object` is typed per event type in the SDK
 * (`PaymentIntentSucceededEvent`, …); the checker validates it by its own `object`.
 */
export type Event = Stripe.EventBase;
export type List = Stripe.ApiList<unknown>;

/** Fields the SDK adds to `StripeRawError` from the HTTP exchange; they are not in the body. */
type SdkOnlyErrorFields = "headers" | "statusCode" | "requestId" | "detail" | "exception";

/**
 * Stripe's error body. The SDK marks every field optional because it also builds errors
 * of its own (connection failures); an error Stripe sends always has a type and a message.
 */
export interface ErrorBody {
  error: Omit<Stripe.StripeRawError, SdkOnlyErrorFields | "type" | "message"> & {
    type: Exclude<Stripe.StripeRawError["type"], undefined>;
    message: string;
  };
}
