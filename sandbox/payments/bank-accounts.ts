/**
 * Stripe's ACH Direct Debit test accounts (routing number 110000000): payments start as
 * `processing` and settle later, which is what produces Checkout's
 * `checkout.session.async_payment_succeeded` / `async_payment_failed`.
 */
export const TEST_ROUTING_NUMBER = "110000000";

export interface BankFailure {
  code: string;
  message: string;
}

const FAILURES: Record<string, BankFailure> = {
  "000111111116": { code: "account_closed", message: "The customer's bank account has been closed." },
  "000111111113": {
    code: "insufficient_funds",
    message: "The customer's account has insufficient funds to cover this payment.",
  },
};

/** How a debit from this account settles: undefined = it succeeds. */
export function bankFailureFor(accountNumber: string): BankFailure | undefined {
  return FAILURES[accountNumber];
}

export const SUCCEEDING_ACCOUNT = "000123456789";
export const FAILING_ACCOUNT = "000111111116";
