import "server-only";
import { log } from "@/lib/log";
import { applyAllBillingHolds } from "./standing";

const EVERY_MS = 15 * 60 * 1000;
const state = globalThis as unknown as { __storehostBillingHolds?: NodeJS.Timeout };

/**
 * Every 15 minutes, the clock's part of dunning: trials and grace periods that ran out
 * suspend their stores (webhooks apply everything else as it happens). Once at start too,
 * so a hold due while the server was down applies without waiting.
 */
export function startBillingHoldJob(): void {
  if (state.__storehostBillingHolds) return;
  const run = () =>
    void applyAllBillingHolds().then(
      (report) => report.held > 0 && log.info(report, "billing holds applied"),
      (error: unknown) => log.error({ err: error }, "billing holds could not be applied"),
    );
  state.__storehostBillingHolds = setInterval(run, EVERY_MS);
  state.__storehostBillingHolds.unref();
  run();
}
