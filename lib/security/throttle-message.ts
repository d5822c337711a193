/*
 * The throttle's words for people, without its storage, so client components can use them:
 * the sign-in form reads next-auth's `result.error`, which carries `throttledErrorCode`.
 */

const THROTTLED_PREFIX = "throttled:";

/** "Too many attempts, try again in N minutes." with N rounded up. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The error a refused sign-in throws from `authorize`, e.g. `throttled:900`. */
export function throttledErrorCode(retryAfterSeconds: number): string {
  return `${THROTTLED_PREFIX}${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The wait in seconds if `error` is a `throttledErrorCode`, else null. */
export function retryAfterFromErrorCode(error: string | null | undefined): number | null {
  if (!error?.startsWith(THROTTLED_PREFIX)) return null;
  const seconds = error.slice(THROTTLED_PREFIX.length);
  return /^\d{1,6}$/.test(seconds) ? Number(seconds) : null;
}
