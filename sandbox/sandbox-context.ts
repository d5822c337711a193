import { recordEvent } from "./core/events";
import type { JsonObject } from "./core/json";
import type { Scope } from "./core/scope";
import type { Ledger, SandboxEvent } from "./core/state";
import type { SandboxStore } from "./core/store";
import type { WebhookDispatcher } from "./webhooks/dispatcher";

/** Told of every event as it is recorded, e.g. to stream it to `stripe listen`. */
export type EventListener = (ledger: Ledger, event: SandboxEvent) => void;

/** The long-lived parts every request handler and page needs. */
export class SandboxContext {
  private readonly eventListeners = new Set<EventListener>();

  constructor(
    readonly store: SandboxStore,
    readonly webhooks: WebhookDispatcher,
  ) {}

  /** Registers `listener` for every event of every ledger; returns the way to unregister it. */
  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * A scope for changes to one ledger. Events emitted in it are stored and queued for
   * delivery; `request` is null for changes the sandbox makes itself (3-D Secure page,
   * renewals), as Stripe's automatic events have `request.id: null`.
   */
  scope(ledger: Ledger, baseUrl: string, request: Scope["request"] = { id: null, idempotency_key: null }): Scope {
    return {
      ledger,
      otherModeLedger: this.store.otherModeLedger(ledger),
      livemode: ledger.mode === "live",
      baseUrl,
      request,
      emit: (type: string, object: object, previousAttributes?: JsonObject) => {
        const event = recordEvent(ledger, type, object, request, previousAttributes);
        this.webhooks.enqueue(ledger, event);
        this.notify(ledger, event);
        this.store.changed();
        return event;
      },
      detached: () => this.scope(ledger, baseUrl),
    };
  }

  /** A failing listener must not abort the API call whose change is already made. */
  private notify(ledger: Ledger, event: SandboxEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(ledger, event);
      } catch (error) {
        console.error("[sandbox] event listener failed", event.id, error);
      }
    }
  }
}
