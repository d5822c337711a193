import type { Params } from "../core/params";
import type { Scope } from "../core/scope";
import type { SandboxAccount } from "../core/state";
import type { KeyKind } from "../core/store";
import type { WebhookDispatcher } from "../webhooks/dispatcher";

export interface ApiCall {
  scope: Scope;
  params: Params;
  /** Path parameters, e.g. `{ id: 'pi_...' }` for `/v1/payment_intents/:id`. */
  path: Record<string, string>;
  keyKind: KeyKind;
  /** The account the key belongs to. */
  account: SandboxAccount;
  webhooks: WebhookDispatcher;
}

export interface ApiRoute {
  method: "GET" | "POST" | "DELETE";
  /** `/v1/payment_intents/:id/confirm` */
  pattern: string;
  /** Stripe.js may call this with a publishable key (with the object's client secret). */
  publishable?: boolean;
  /** Top-level parameters Stripe accepts here; `expand` is always accepted. */
  params: readonly string[];
  handle(call: ApiCall): object;
}

/** The path parameter `name`, which the router guarantees exists for the route's pattern. */
export function pathParam(call: ApiCall, name: string): string {
  return call.path[name] ?? "";
}
