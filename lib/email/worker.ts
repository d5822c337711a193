import "server-only";
import { asPlatform } from "@/lib/data-scope";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { processDueEmails } from "./outbox";

const BATCH = 20;

type Worker = { timer: NodeJS.Timeout; current: Promise<void> | null; next: Promise<void> | null };

// One loop per process, on globalThis: Next bundles instrumentation and routes separately,
// and dev reloads re-run modules, but all of them must find the same loop.
const holder = globalThis as unknown as { __storehostOutbox?: Worker };

/**
 * One pass: batches until the due mail is drained. Passes never overlap in a process; a
 * request for a pass while one runs is folded into a single follow-up pass. Never rejects.
 */
function runPass(worker: Worker): Promise<void> {
  if (worker.current) {
    worker.next ??= worker.current.then(() => {
      worker.next = null;
      return runPass(worker);
    });
    return worker.next;
  }
  worker.current = drain().finally(() => {
    worker.current = null;
  });
  return worker.current;
}

async function drain(): Promise<void> {
  try {
    for (;;) {
      // Every store's mail: platform work, whatever request happened to kick the pass.
      const report = await asPlatform(() => processDueEmails({ limit: BATCH }));
      const handled = report.sent + report.retried + report.held;
      if (handled > 0) log.info(report, "outbox processed");
      if (handled < BATCH) return;
    }
  } catch (error) {
    log.error({ err: error }, "outbox run failed; the next run retries");
  }
}

/**
 * Starts the background sender: a pass now (mail left from before a restart) and then every
 * `intervalMs`. Idempotent. The timer is unref'd, so it never keeps a process alive; mail is
 * durable in the database, so stopping loses nothing.
 */
export function startOutboxWorker(options: { intervalMs?: number } = {}): void {
  if (holder.__storehostOutbox) return;
  const intervalMs = options.intervalMs ?? env.OUTBOX_POLL_MS;
  const worker: Worker = { timer: setInterval(() => void runPass(worker), intervalMs), current: null, next: null };
  worker.timer.unref();
  holder.__storehostOutbox = worker;
  void runPass(worker);
}

export function stopOutboxWorker(): void {
  const worker = holder.__storehostOutbox;
  if (!worker) return;
  clearInterval(worker.timer);
  holder.__storehostOutbox = undefined;
}

/**
 * Sends due mail now instead of at the next interval, e.g. after a webhook committed a
 * receipt. Resolves when that pass is done (callers may ignore it) and never rejects. Where
 * no worker runs (tests, builds) it does nothing: tests call `processDueEmails` themselves.
 */
export function kickOutbox(): Promise<void> {
  const worker = holder.__storehostOutbox;
  return worker ? runPass(worker) : Promise.resolve();
}
