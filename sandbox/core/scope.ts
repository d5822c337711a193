import type { JsonObject } from "./json";
import type { Ledger, SandboxEvent } from "./state";

/**
 * What every API handler and payment flow works within: one account's ledger in one
 * mode, the request that caused the change (events carry its id and idempotency key),
 * and the way to emit events.
 */
export interface Scope {
  ledger: Ledger;
  /** The same account in the other mode, only for Stripe's "exists in live mode" hint. */
  otherModeLedger: Ledger;
  livemode: boolean;
  /** Public URL of the sandbox (hosted pages, 3-D Secure and portal links point here). */
  baseUrl: string;
  request: { id: string | null; idempotency_key: string | null };
  emit(type: string, object: object, previousAttributes?: JsonObject): SandboxEvent;
  /** The same ledger for what Stripe later does by itself: its events carry `request.id: null`. */
  detached(): Scope;
}
