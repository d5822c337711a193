import { recordEvent } from "./core/events";
import type { JsonObject } from "./core/json";
import type { Scope } from "./core/scope";
import type { Ledger } from "./core/state";
import type { SandboxStore } from "./core/store";
import type { WebhookDispatcher } from "./webhooks/dispatcher";

/** The long-lived parts every request handler and page needs. */
export class SandboxContext {
  constructor(
    readonly store: SandboxStore,
    readonly webhooks: WebhookDispatcher,
  ) {}

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
        this.store.changed();
        return event;
      },
    };
  }
}
