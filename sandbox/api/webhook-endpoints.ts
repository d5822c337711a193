import { nowSeconds } from "../core/clock";
import { paramError, resourceMissing } from "../core/errors";
import { newId, newWebhookSecret } from "../core/ids";
import { LIST_PARAMS, newestFirst, paginate } from "../core/listing";
import type { Params } from "../core/params";
import type { StoredWebhookEndpoint } from "../core/state";
import type * as S from "../core/stripe-types";
import { pathParam, type ApiCall, type ApiRoute } from "./route";
import { STRIPE_EVENT_TYPES, STRIPE_EVENT_TYPE_SET } from "../vocabulary/stripe-vocabulary.generated";

/**
 * Unlike Stripe, plain `http://` and loopback hosts (`localhost`, `*.localhost`) are
 * accepted: the receivers of a development machine live there.
 */
function readUrl(params: Params): string {
  const url = params.requiredString("url");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw paramError("url", `Invalid URL: ${url}`, "url_invalid");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw paramError("url", `Invalid URL: ${url}. URLs must use http or https.`, "url_invalid");
  }
  return url;
}

/** Like Stripe, each entry must be `*` or one of its event types; a typo is refused, not subscribed to silence. */
function readEnabledEvents(params: Params): string[] {
  const events = params.stringArray("enabled_events");
  if (!events || events.length === 0)
    throw paramError("enabled_events", "Missing required param: enabled_events.", "parameter_missing");
  events.forEach((type, index) => {
    if (type !== "*" && !STRIPE_EVENT_TYPE_SET.has(type)) {
      throw paramError(
        `enabled_events[${index}]`,
        `Invalid enabled_events[${index}]: must be one of ${STRIPE_EVENT_TYPES.join(", ")}`,
      );
    }
  });
  return events;
}

function getStored(call: ApiCall): StoredWebhookEndpoint {
  const id = pathParam(call, "id");
  const stored = call.scope.ledger.webhookEndpoints[id];
  if (!stored) throw resourceMissing("webhook_endpoint", id);
  return stored;
}

function create({ scope, params }: ApiCall): S.WebhookEndpoint {
  const endpoint: S.WebhookEndpoint = {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: params.string("api_version") ?? null,
    application: null,
    created: nowSeconds(),
    description: params.string("description") ?? null,
    enabled_events: readEnabledEvents(params),
    livemode: scope.livemode,
    metadata: params.metadata(),
    status: "enabled",
    url: readUrl(params),
  };
  const secret = newWebhookSecret();
  scope.ledger.webhookEndpoints[endpoint.id] = { endpoint, secret };
  // Only the create response shows the signing secret, as in Stripe.
  return { ...endpoint, secret };
}

function update(call: ApiCall): S.WebhookEndpoint {
  const { params } = call;
  const { endpoint } = getStored(call);
  if (params.has("url")) endpoint.url = readUrl(params);
  if (params.has("enabled_events")) endpoint.enabled_events = readEnabledEvents(params);
  if (params.has("description")) endpoint.description = params.nullableString("description") ?? null;
  if (params.has("metadata")) endpoint.metadata = params.metadata(endpoint.metadata);
  const disabled = params.bool("disabled");
  if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
  return endpoint;
}

function remove(call: ApiCall) {
  const { endpoint } = getStored(call);
  const { ledger } = call.scope;
  delete ledger.webhookEndpoints[endpoint.id];
  ledger.pendingDeliveries = ledger.pendingDeliveries.filter((pending) => pending.endpoint_id !== endpoint.id);
  return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
}

export const webhookEndpointRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints",
    params: ["url", "enabled_events", "description", "metadata", "api_version", "connect"],
    handle: create,
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints",
    params: LIST_PARAMS,
    handle: ({ scope, params }) =>
      paginate(
        newestFirst(scope.ledger.webhookEndpoints).map((stored) => stored.endpoint),
        params,
        "/v1/webhook_endpoints",
      ),
  },
  { method: "GET", pattern: "/v1/webhook_endpoints/:id", params: [], handle: (call) => getStored(call).endpoint },
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints/:id",
    params: ["url", "enabled_events", "description", "metadata", "disabled"],
    handle: update,
  },
  { method: "DELETE", pattern: "/v1/webhook_endpoints/:id", params: [], handle: remove },
];
