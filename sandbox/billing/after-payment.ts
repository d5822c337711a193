import type { Scope } from "../core/scope";
import type * as S from "../core/stripe-types";
import { completeSessionFromIntent } from "../checkout/complete-session";
import { settleInvoiceFromIntent } from "./invoices";

/**
 * An intent can belong to an invoice or a Checkout Session; after any attempt on it
 * (API confirm, Stripe.js, 3-D Secure page) those follow, as at Stripe.
 */
export function afterPaymentAttempt(scope: Scope, intent: S.PaymentIntent): void {
  if (scope.ledger.hidden.invoiceOfIntent[intent.id]) settleInvoiceFromIntent(scope, intent, true);
  if (scope.ledger.hidden.sessionOfIntent[intent.id]) completeSessionFromIntent(scope, intent);
}
