import "server-only";
import { AppError } from "@/lib/errors";
import {
  checkThrottle,
  consumeThrottle,
  THROTTLE_RULES,
  tooManyAttemptsMessage,
  type ThrottleVerdict,
} from "@/lib/security/throttle";

/**
 * Counts one checkout attempt on a store, per client on that store and for the store as a
 * whole: each checkout opens an order and a PaymentIntent. A client already locked out is
 * refused without counting, so it cannot use up the store's allowance for everyone else.
 */
export async function countCheckoutAttempt(storeId: string, ip: string): Promise<ThrottleVerdict> {
  const keys = [
    { rule: THROTTLE_RULES.checkoutIp, subject: `${storeId}:${ip}` },
    { rule: THROTTLE_RULES.checkoutStore, subject: storeId },
  ];
  const locked = await checkThrottle(keys);
  return locked.allowed ? consumeThrottle(keys, { storeId, ip }) : locked;
}

/** The same count for the checkout page's own actions: a refusal is an error the form shows. */
export async function requireCheckoutAllowed(storeId: string, ip: string): Promise<void> {
  const verdict = await countCheckoutAttempt(storeId, ip);
  if (!verdict.allowed) throw new AppError("throttled", tooManyAttemptsMessage(verdict.retryAfterSeconds), 429);
}
