import "server-only";
import { startOutboxWorker } from "./email/worker";
import { startReconciliationJob } from "./orders/reconcile-job";

/** The server's background jobs; both are durable in the database and safe to run in several processes. */
export function startBackgroundJobs(): void {
  startOutboxWorker();
  startReconciliationJob();
}
