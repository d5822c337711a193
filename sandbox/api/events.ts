import { getOrThrow } from "../core/collections";
import { paramError } from "../core/errors";
import { LIST_PARAMS, matchesRange, newestFirst, paginate } from "../core/listing";
import type { Ledger, SandboxEvent } from "../core/state";
import { pathParam, type ApiCall, type ApiRoute } from "./route";

/** `type=charge.*` matches every charge event, as in Stripe's events list. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes("*")) return (type) => type === pattern;
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[a-z_.]*")}$`,
  );
  return (type) => regex.test(type);
}

function delivered(ledger: Ledger, event: SandboxEvent): boolean {
  return ledger.deliveries.some((attempt) => attempt.event_id === event.id && attempt.succeeded);
}

function list({ scope, params }: ApiCall) {
  const type = params.string("type");
  const types = params.stringArray("types");
  if (type && types) throw paramError("types", "You may only specify one of these parameters: type, types.");
  const matchers = (types ?? (type ? [type] : [])).map(typeMatcher);
  const deliverySuccess = params.bool("delivery_success");
  const items = newestFirst(scope.ledger.events).filter(
    (event) =>
      (matchers.length === 0 || matchers.some((matches) => matches(event.type))) &&
      matchesRange(event.created, params) &&
      (deliverySuccess === undefined || delivered(scope.ledger, event) === deliverySuccess),
  );
  return paginate(items, params, "/v1/events");
}

/** `stripe events resend evt_... --webhook-endpoint we_...` calls this. */
function retry(call: ApiCall): SandboxEvent {
  const event = getOrThrow(call.scope, "events", pathParam(call, "id"));
  const endpointId = call.params.string("webhook_endpoint");
  if (endpointId && !call.scope.ledger.webhookEndpoints[endpointId]) {
    throw paramError("webhook_endpoint", `No such webhook_endpoint: '${endpointId}'`, "resource_missing");
  }
  void call.webhooks.resend(call.scope.ledger, event, endpointId);
  return event;
}

export const eventRoutes: ApiRoute[] = [
  { method: "GET", pattern: "/v1/events", params: [...LIST_PARAMS, "type", "types", "delivery_success"], handle: list },
  {
    method: "GET",
    pattern: "/v1/events/:id",
    params: [],
    handle: (call) => getOrThrow(call.scope, "events", pathParam(call, "id")),
  },
  { method: "POST", pattern: "/v1/events/:id/retry", params: ["webhook_endpoint", "for_stripecli"], handle: retry },
];
