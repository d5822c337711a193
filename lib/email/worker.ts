import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { processDueEmails } from "./outbox";

// One loop per process, kept on globalThis so dev-mode reloads don't start a second one.
const state = globalThis as unknown as { __storehostOutbox?: { timer: NodeJS.Timeout; running: boolean; again: boolean } };

async function runOnce(): Promise<void> {
  const worker = state.__storehostOutbox;
  if (!worker) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  worker.running = true;
  try {
    do {
      worker.again = false;
      const report = await processDueEmails();
      if (report.sent + report.retried + report.held > 0) log.info(report, "outbox processed");
    } while (worker.again);
  } catch (error) {
    log.error({ err: error }, "outbox run failed");
  } finally {
    worker.running = false;
  }
}

/** Starts the background sender (idempotent). Mail is durable in the database, so a restart loses nothing. */
export function startOutboxWorker(intervalMs = env.OUTBOX_POLL_MS): void {
  if (state.__storehostOutbox) return;
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  state.__storehostOutbox = { timer, running: false, again: false };
}

/** Asks the worker to send soon (after a webhook committed a receipt); a no-op where no worker runs. */
export function kickOutbox(): void {
  if (state.__storehostOutbox) setTimeout(() => void runOnce(), 0).unref();
}
