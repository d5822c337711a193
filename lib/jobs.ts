import "server-only";
import { startBillingHoldJob } from "./billing/billing-job";
import { startOutboxWorker } from "./email/worker";
import { startReconciliationJob } from "./orders/reconcile-job";

/** The server's background jobs; each is durable in the database and safe to run in several processes. */
export function startBackgroundJobs(): void {
  startOutboxWorker();
  startReconciliationJob();
  startBillingHoldJob();
}
