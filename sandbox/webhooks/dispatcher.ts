import { nowSeconds } from "../core/clock";
import { endpointWants } from "../core/events";
import { newId } from "../core/ids";
import type { DeliveryAttempt, Ledger, PendingDelivery, SandboxEvent, StoredWebhookEndpoint } from "../core/state";
import type { SandboxStore } from "../core/store";
import { postEvent } from "./post-event";
import { retryDelayMs } from "./retry-schedule";
import { signatureHeader } from "./signature";

export interface DispatcherOptions {
  retryScale: number;
  timeoutMs: number;
}

/** Attempts kept per ledger; older ones are dropped so the data file stays small. */
const MAX_RECORDED_ATTEMPTS = 5000;

/**
 * Delivers events to webhook endpoints: first attempts right after the API call that
 * caused them (in order per endpoint), failures retried on Stripe's schedule. Every
 * attempt is recorded in the ledger; pending retries are part of the saved state, so a
 * restart resumes them.
 */
export class WebhookDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: DispatcherOptions,
  ) {}

  /** Re-arms retries saved before a restart. */
  start(): void {
    this.armTimer();
  }

  /** Queues first attempts of a new event to every enabled endpoint that wants it. */
  enqueue(ledger: Ledger, event: SandboxEvent): void {
    for (const stored of Object.values(ledger.webhookEndpoints)) {
      if (!endpointWants(stored, event.type)) continue;
      const endpointId = stored.endpoint.id;
      const previous = this.chains.get(endpointId) ?? Promise.resolve();
      const next = previous.then(() => this.attempt(ledger, event.id, endpointId, 1, false).then(() => undefined));
      this.chains.set(endpointId, next);
      this.track(next);
    }
  }

  /** A manual resend (dashboard button, `POST /v1/events/:id/retry`): one attempt now, no retries. */
  async resend(ledger: Ledger, event: SandboxEvent, endpointId?: string): Promise<DeliveryAttempt[]> {
    const targets = Object.values(ledger.webhookEndpoints).filter((stored) =>
      endpointId ? stored.endpoint.id === endpointId : endpointWants(stored, event.type),
    );
    const attempts = await Promise.all(
      targets.map((stored) =>
        this.track(
          this.attempt(
            ledger,
            event.id,
            stored.endpoint.id,
            this.nextAttemptNumber(ledger, event.id, stored.endpoint.id),
            true,
          ),
        ),
      ),
    );
    return attempts.filter((attempt): attempt is DeliveryAttempt => attempt !== null);
  }

  /** Resolves once no delivery is running or due within `horizonMs` (tests wait on this). */
  async idle(horizonMs = 0): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) {
        await Promise.allSettled([...this.inFlight]);
        continue;
      }
      const due = this.nextDueAt();
      if (due !== null && due - Date.now() <= horizonMs) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, due - Date.now() + 1)));
        continue;
      }
      return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  private nextAttemptNumber(ledger: Ledger, eventId: string, endpointId: string): number {
    return ledger.deliveries.filter((d) => d.event_id === eventId && d.endpoint_id === endpointId).length + 1;
  }

  private async attempt(
    ledger: Ledger,
    eventId: string,
    endpointId: string,
    attemptNumber: number,
    manual: boolean,
  ): Promise<DeliveryAttempt | null> {
    const event = ledger.events[eventId];
    const stored: StoredWebhookEndpoint | undefined = ledger.webhookEndpoints[endpointId];
    if (!event || !stored || this.closed) return null;
    if (!manual && stored.endpoint.status !== "enabled") return null;

    const payload = JSON.stringify(event, null, 2);
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      Accept: "*/*; q=0.5, application/xml",
      "Cache-Control": "no-cache",
      "Stripe-Signature": signatureHeader(payload, stored.secret, nowSeconds()),
    };
    const startedAt = Date.now();
    const result = await postEvent(stored.endpoint.url, payload, headers, this.options.timeoutMs);
    const succeeded = result.error === null;

    let nextRetryAt: number | null = null;
    if (!succeeded && !manual) {
      const delay = retryDelayMs(ledger.mode, attemptNumber, this.options.retryScale);
      if (delay !== null) {
        nextRetryAt = Date.now() + delay;
        this.schedule(ledger, {
          event_id: eventId,
          endpoint_id: endpointId,
          attempt: attemptNumber + 1,
          due_at: nextRetryAt,
        });
      }
    }
    if (succeeded && this.isFirstSuccess(ledger, eventId, endpointId)) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      // A success ends the retry schedule, e.g. after a manual resend.
      ledger.pendingDeliveries = ledger.pendingDeliveries.filter(
        (pending) => !(pending.event_id === eventId && pending.endpoint_id === endpointId),
      );
    }

    const attempt: DeliveryAttempt = {
      id: newId("whatt"),
      event_id: eventId,
      event_type: event.type,
      endpoint_id: endpointId,
      endpoint_url: stored.endpoint.url,
      attempt: attemptNumber,
      started_at: startedAt,
      duration_ms: result.durationMs,
      status_code: result.statusCode,
      error: result.error,
      response_excerpt: result.responseExcerpt,
      succeeded,
      next_retry_at: nextRetryAt,
      manual,
    };
    ledger.deliveries.push(attempt);
    if (ledger.deliveries.length > MAX_RECORDED_ATTEMPTS)
      ledger.deliveries.splice(0, ledger.deliveries.length - MAX_RECORDED_ATTEMPTS);
    this.store.changed();
    return attempt;
  }

  private isFirstSuccess(ledger: Ledger, eventId: string, endpointId: string): boolean {
    return !ledger.deliveries.some((d) => d.event_id === eventId && d.endpoint_id === endpointId && d.succeeded);
  }

  private schedule(ledger: Ledger, pending: PendingDelivery): void {
    ledger.pendingDeliveries.push(pending);
    this.armTimer();
  }

  private nextDueAt(): number | null {
    let earliest: number | null = null;
    for (const ledger of this.store.ledgers()) {
      for (const pending of ledger.pendingDeliveries) {
        if (earliest === null || pending.due_at < earliest) earliest = pending.due_at;
      }
    }
    return earliest;
  }

  private armTimer(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const due = this.nextDueAt();
    if (due === null) return;
    // setTimeout caps at ~24.8 days; the longest retry gap is a day.
    this.timer = setTimeout(() => this.runDue(), Math.max(0, due - Date.now()));
    this.timer.unref();
  }

  private runDue(): void {
    this.timer = null;
    const now = Date.now();
    for (const ledger of this.store.ledgers()) {
      const due = ledger.pendingDeliveries.filter((pending) => pending.due_at <= now);
      if (due.length === 0) continue;
      ledger.pendingDeliveries = ledger.pendingDeliveries.filter((pending) => pending.due_at > now);
      for (const pending of due) {
        this.track(this.attempt(ledger, pending.event_id, pending.endpoint_id, pending.attempt, false));
      }
    }
    this.armTimer();
  }
}
