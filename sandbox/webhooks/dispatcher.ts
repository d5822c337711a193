import { record, recording } from "../conformance/recorder";
import { nowSeconds } from "../core/clock";
import { endpointWants } from "../core/events";
import { newId } from "../core/ids";
import type { DeliveryAttempt, Ledger, PendingDelivery, SandboxEvent, StoredWebhookEndpoint } from "../core/state";
import type { SandboxStore } from "../core/store";
import { planChaosDelivery, type ChaosPlan } from "./chaos";
import { resolveDeliverySettings, type DeliveryMode, type DeliverySettings } from "./delivery-settings";
import { postEvent } from "./post-event";
import { seededStream, type Random } from "./prng";
import { retryDelayMs } from "./retry-schedule";
import { signatureHeader } from "./signature";

export interface DispatcherOptions {
  retryScale: number;
  timeoutMs: number;
  /** The global delivery setting (ordered unless told otherwise); accounts may override it. */
  delivery?: Partial<DeliverySettings>;
}

export interface EffectiveDelivery extends DeliverySettings {
  /** "account" when the account has its own setting, else "global". */
  source: "account" | "global";
}

/**
 * "scheduled": a first attempt or a retry, whose failure schedules the next one;
 * "duplicate": an extra copy of a first attempt under chaos, never retried;
 * "manual": a resend from the dashboard or the API, never retried.
 */
type AttemptKind = "scheduled" | "duplicate" | "manual";

/** A first attempt held in an account's chaos window. */
interface HeldDelivery {
  ledger: Ledger;
  eventId: string;
  endpointId: string;
  plan: ChaosPlan;
  /** Serialized once, so every copy is the identical payload (only the signature is fresh). */
  payload: string;
}

function serialize(event: SandboxEvent): string {
  return JSON.stringify(event, null, 2);
}

/** Attempts kept per ledger; older ones are dropped so the data file stays small. */
const MAX_RECORDED_ATTEMPTS = 5000;

/**
 * Delivers events to webhook endpoints, failures retried on Stripe's schedule. Ordered
 * delivery sends first attempts right after the API call that caused them, one at a time
 * per endpoint. Chaos delivery holds them for a window per account, then releases them
 * shuffled, some late, some more than once, concurrently (see `chaos.ts`). Every attempt
 * is recorded in the ledger; pending retries are part of the saved state, so a restart
 * resumes them.
 */
export class WebhookDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly delivery: DeliverySettings;
  private readonly accountDelivery = new Map<string, DeliverySettings>();
  /** Each account draws its chaos plan from its own stream, so accounts never shift each other's. */
  private readonly streams = new Map<string, Random>();
  /** Per account, the first attempts waiting for its chaos window to close. */
  private readonly openWindows = new Map<string, HeldDelivery[]>();
  /** Held first attempts not yet sent; saved as pending deliveries on close so nothing is lost. */
  private readonly unsent = new Set<HeldDelivery>();
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly store: SandboxStore,
    private readonly options: DispatcherOptions,
  ) {
    this.delivery = resolveDeliverySettings(options.delivery);
  }

  /** Re-arms retries saved before a restart. */
  start(): void {
    this.armTimer();
  }

  /** The setting in force for an account: its own, or the global one. */
  deliveryFor(accountId: string): EffectiveDelivery {
    const own = this.accountDelivery.get(accountId);
    return own ? { ...own, source: "account" } : { ...this.delivery, source: "global" };
  }

  /**
   * Gives an account its own setting; a missing seed or window is the global one. The
   * account's chaos stream starts over, so the same seed replays the same plan.
   */
  setAccountDelivery(
    accountId: string,
    setting: { mode: DeliveryMode; seed?: number; windowMs?: number },
  ): EffectiveDelivery {
    this.accountDelivery.set(
      accountId,
      resolveDeliverySettings({
        mode: setting.mode,
        seed: setting.seed ?? this.delivery.seed,
        windowMs: setting.windowMs ?? this.delivery.windowMs,
      }),
    );
    this.streams.delete(accountId);
    return this.deliveryFor(accountId);
  }

  /** Returns an account to the global setting, its chaos stream starting over. */
  clearAccountDelivery(accountId: string): EffectiveDelivery {
    this.accountDelivery.delete(accountId);
    this.streams.delete(accountId);
    return this.deliveryFor(accountId);
  }

  /** Queues first attempts of a new event to every enabled endpoint that wants it. */
  enqueue(ledger: Ledger, event: SandboxEvent): void {
    const delivery = this.deliveryFor(ledger.account);
    for (const stored of Object.values(ledger.webhookEndpoints)) {
      if (!endpointWants(stored, event.type)) continue;
      if (delivery.mode === "chaos") this.hold(ledger, event.id, stored.endpoint.id, delivery);
      else this.sendInOrder(ledger, event.id, stored.endpoint.id);
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
            "manual",
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
    // Held first attempts become pending deliveries, saved with the state, so a restart sends them.
    for (const held of this.unsent) {
      held.ledger.pendingDeliveries.push({
        event_id: held.eventId,
        endpoint_id: held.endpointId,
        attempt: 1,
        due_at: Date.now(),
      });
    }
    this.unsent.clear();
    for (const wake of [...this.sleepers]) wake();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Ordered: one first attempt at a time per endpoint, in the order the events happened. */
  private sendInOrder(ledger: Ledger, eventId: string, endpointId: string): void {
    const previous = this.chains.get(endpointId) ?? Promise.resolve();
    const next = previous.then(() => this.attempt(ledger, eventId, endpointId, 1, "scheduled").then(() => undefined));
    this.chains.set(endpointId, next);
    this.track(next);
  }

  /**
   * Chaos: the first event of an account opens its window; first attempts queued until the
   * window closes are then released together, each POST after its planned delay. Releasing
   * by window rather than by each event's own clock keeps the order a function of the seed.
   */
  private hold(ledger: Ledger, eventId: string, endpointId: string, delivery: DeliverySettings): void {
    const event = ledger.events[eventId];
    if (!event) return;
    const plan = planChaosDelivery(this.streamFor(ledger.account, delivery.seed), delivery.windowMs);
    const held: HeldDelivery = { ledger, eventId, endpointId, plan, payload: serialize(event) };
    this.unsent.add(held);
    const open = this.openWindows.get(ledger.account);
    if (open) {
      open.push(held);
      return;
    }
    const window = [held];
    this.openWindows.set(ledger.account, window);
    this.track(
      this.sleep(delivery.windowMs).then(() => {
        this.openWindows.delete(ledger.account);
        for (const member of window) this.release(member);
      }),
    );
  }

  /** Every POST of one held delivery, concurrently with everything else (no per-endpoint chain). */
  private release(held: HeldDelivery): void {
    held.plan.sendDelaysMs.forEach((delayMs, copy) => {
      const send = this.sleep(delayMs).then(() => {
        if (copy === 0) this.unsent.delete(held);
        const kind = copy === 0 ? "scheduled" : "duplicate";
        return this.attempt(held.ledger, held.eventId, held.endpointId, 1, kind, held.payload);
      });
      this.track(send);
    });
  }

  private streamFor(accountId: string, seed: number): Random {
    let stream = this.streams.get(accountId);
    if (!stream) {
      stream = seededStream(seed);
      this.streams.set(accountId, stream);
    }
    return stream;
  }

  /** A timer that close() cuts short, so held deliveries never keep a closing sandbox waiting. */
  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
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
    kind: AttemptKind,
    payload?: string,
  ): Promise<DeliveryAttempt | null> {
    const manual = kind === "manual";
    const event = ledger.events[eventId];
    const stored: StoredWebhookEndpoint | undefined = ledger.webhookEndpoints[endpointId];
    if (!event || !stored || this.closed) return null;
    if (!manual && stored.endpoint.status !== "enabled") return null;

    const body = payload ?? serialize(event);
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      Accept: "*/*; q=0.5, application/xml",
      "Cache-Control": "no-cache",
      "Stripe-Signature": signatureHeader(body, stored.secret, nowSeconds()),
    };
    if (recording()) record({ source: "webhook", request: `POST ${stored.endpoint.url}`, body });
    const startedAt = Date.now();
    const result = await postEvent(stored.endpoint.url, body, headers, this.options.timeoutMs);
    const succeeded = result.error === null;

    let nextRetryAt: number | null = null;
    // No retry once a copy got through: a chaos duplicate may have succeeded meanwhile.
    if (!succeeded && kind === "scheduled" && !this.hasSucceeded(ledger, eventId, endpointId)) {
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
    if (succeeded && !this.hasSucceeded(ledger, eventId, endpointId)) {
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

  private hasSucceeded(ledger: Ledger, eventId: string, endpointId: string): boolean {
    return ledger.deliveries.some((d) => d.event_id === eventId && d.endpoint_id === endpointId && d.succeeded);
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
        this.track(this.attempt(ledger, pending.event_id, pending.endpoint_id, pending.attempt, "scheduled"));
      }
    }
    this.armTimer();
  }
}
