import { cliSecretOf, newWebsocketId } from "../cli/cli-session";
import { paramError } from "../core/errors";
import { SANDBOX_API_VERSION } from "../core/events";
import type { ApiCall, ApiRoute } from "./route";

const FEATURES = ["webhooks", "v2_events"] as const;

/** Seconds between the CLI's planned websocket resets (its own default). */
const RECONNECT_DELAY_SECONDS = 60;

/**
 * `POST /v1/stripecli/sessions` – what `stripe listen` asks for first: where to open its
 * websocket, the id to present there, and the signing secret it prints.
 */
function createSession({ scope, params, account }: ApiCall) {
  params.requiredString("device_name");
  const features = params.stringArray("websocket_features") ?? [];
  if (features.length === 0) throw paramError("websocket_features", "Missing required param: websocket_features.");
  for (const feature of features) {
    if (!FEATURES.some((known) => known === feature)) {
      throw paramError("websocket_features", `Invalid websocket_features: must be one of ${FEATURES.join(", ")}`);
    }
  }
  for (const name of ["forward_to_url", "forward_connect_to_url", "forward_thin_to_url", "forward_thin_connect_to_url"])
    params.string(name);

  return {
    websocket_id: newWebsocketId(scope.ledger),
    websocket_url: `${scope.baseUrl.replace(/^http/, "ws")}/stripecli/subscribe/${account.id}`,
    // The sandbox has v1 events only, which travel on the `webhooks` feature.
    websocket_authorized_feature: features.includes("webhooks") ? "webhooks" : "v2_events",
    secret: cliSecretOf(scope.ledger),
    reconnect_delay: RECONNECT_DELAY_SECONDS,
    display_connect_filter_warning: false,
    default_version: SANDBOX_API_VERSION,
    latest_version: SANDBOX_API_VERSION,
  };
}

export const stripeCliRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/stripecli/sessions",
    params: [
      "device_name",
      "websocket_features",
      "forward_to_url",
      "forward_connect_to_url",
      "forward_thin_to_url",
      "forward_thin_connect_to_url",
    ],
    handle: createSession,
  },
];
