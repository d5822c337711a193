import type { Mode } from "../core/state";

/**
 * Stripe retries a failed live-mode delivery for up to three days with exponential
 * backoff, and a test-mode one three times over a few hours. Delays in seconds after
 * attempt 1, 2, ...; `retryScale` compresses them (tests use ~0.0001).
 */
const LIVE_DELAYS_S = [60, 300, 1800, 3600, 7200, 14400, 28800, 57600, 86400, 43200];
const TEST_DELAYS_S = [60, 1800, 7200];

/** Milliseconds until the next attempt after `failedAttempt` failed, or null when Stripe gives up. */
export function retryDelayMs(mode: Mode, failedAttempt: number, retryScale: number): number | null {
  const delays = mode === "live" ? LIVE_DELAYS_S : TEST_DELAYS_S;
  const seconds = delays[failedAttempt - 1];
  return seconds === undefined ? null : Math.max(1, Math.round(seconds * 1000 * retryScale));
}

export function maxAttempts(mode: Mode): number {
  return (mode === "live" ? LIVE_DELAYS_S : TEST_DELAYS_S).length + 1;
}
