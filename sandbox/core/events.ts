import Stripe from "stripe";
import { nowSeconds } from "./clock";
import { newId } from "./ids";
import { toJson, type JsonObject } from "./json";
import type { Ledger, SandboxEvent, StoredWebhookEndpoint } from "./state";
import { STRIPE_EVENT_TYPE_SET } from "../vocabulary/stripe-vocabulary.generated";

/** The API version events are rendered in: the one the installed `stripe` SDK pins. */
export const SANDBOX_API_VERSION: string = Stripe.API_VERSION;

export function endpointWants(stored: StoredWebhookEndpoint, type: string): boolean {
  const { endpoint } = stored;
  return (
    endpoint.status === "enabled" && (endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(type))
  );
}

/** Stores a snapshot event like Stripe's: the object as it is now, plus what changed. */
export function recordEvent(
  ledger: Ledger,
  type: string,
  object: object,
  request: SandboxEvent["request"],
  previousAttributes?: JsonObject,
): SandboxEvent {
  // A type Stripe never sends would teach the app to handle events that cannot arrive.
  if (!STRIPE_EVENT_TYPE_SET.has(type)) {
    throw new Error(
      `The sandbox tried to emit \`${type}\`, which is not a Stripe event type (see sandbox/vocabulary/stripe-vocabulary.generated.ts).`,
    );
  }
  const endpoints = Object.values(ledger.webhookEndpoints).filter((stored) => endpointWants(stored, type));
  const event: SandboxEvent = {
    id: newId("evt"),
    object: "event",
    api_version: SANDBOX_API_VERSION,
    created: nowSeconds(),
    data: previousAttributes
      ? { object: toJson(object), previous_attributes: previousAttributes }
      : { object: toJson(object) },
    livemode: ledger.mode === "live",
    pending_webhooks: endpoints.length,
    request,
    type,
  };
  ledger.events[event.id] = event;
  return event;
}

/**
 * `previous_attributes` of an `*.updated` event: the old values of the top-level
 * fields that changed between two snapshots.
 */
export function changedAttributes(before: JsonObject, after: object): JsonObject | undefined {
  const now = toJson(after);
  const previous: JsonObject = {};
  for (const [key, value] of Object.entries(before)) {
    if (JSON.stringify(value) !== JSON.stringify(now[key])) previous[key] = value;
  }
  return Object.keys(previous).length > 0 ? previous : undefined;
}
