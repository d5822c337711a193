import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, presentedKey } from "../core/auth";
import { notFoundRoute, StripeApiError } from "../core/errors";
import { SANDBOX_API_VERSION } from "../core/events";
import { expand } from "../core/expand";
import { findReplay, hashParams, remember, shouldRemember } from "../core/idempotency";
import { newRequestId } from "../core/ids";
import { toJson } from "../core/json";
import { Params } from "../core/params";
import { parseForm, parseQuery, type FormObject } from "../http/form-encoding";
import { send } from "../http/respond";
import type { SandboxContext } from "../sandbox-context";
import type { ApiRoute } from "./route";
import { VIRTUAL_FIELDS } from "./virtual-fields";

interface CompiledRoute {
  route: ApiRoute;
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: ApiRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/:([a-z_]+)/g, (_match, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { route, regex: new RegExp(`^${source}/?$`), names };
  });
}

function match(routes: CompiledRoute[], method: string, path: string) {
  for (const compiled of routes) {
    if (compiled.route.method !== method) continue;
    const found = compiled.regex.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    compiled.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? "");
    });
    return { route: compiled.route, params };
  }
  return null;
}

/** Parameters Stripe.js adds to every call that are not API parameters. */
const TRANSPORT_PARAMS = ["key", "_stripe_account", "_stripe_version", "_stripe_context"];

function takeTransportParams(raw: FormObject): string | undefined {
  const key = raw.key;
  for (const name of TRANSPORT_PARAMS) delete raw[name];
  return typeof key === "string" ? key : undefined;
}

/**
 * `/v1/...`: authenticate, replay or reject repeated idempotency keys, run the route,
 * apply `expand[]`, answer in Stripe's JSON with its headers.
 */
export async function handleApiRequest(
  context: SandboxContext,
  routes: CompiledRoute[],
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  body: string,
  baseUrl: string,
): Promise<void> {
  const method = (request.method ?? "GET").toUpperCase();
  const requestId = newRequestId();
  const headers: Record<string, string> = {
    "Request-Id": requestId,
    "Stripe-Version":
      typeof request.headers["stripe-version"] === "string" ? request.headers["stripe-version"] : SANDBOX_API_VERSION,
  };
  const reply = (status: number, text: string, extra: Record<string, string> = {}) =>
    send(response, status, "application/json", text, { ...headers, ...extra });
  const replyError = (error: StripeApiError) =>
    reply(
      error.status,
      JSON.stringify({ error: { ...error.body, request_log_url: `${baseUrl}/?request=${requestId}` } }, null, 2),
    );

  const raw = method === "POST" ? parseForm(body) : parseQuery(url.searchParams);
  const keyParam = takeTransportParams(raw);
  const matched = match(routes, method, url.pathname);

  let resolved;
  try {
    resolved = authenticate(
      context.store,
      presentedKey(request.headers, keyParam),
      matched ? matched.route.publishable === true : true,
    );
  } catch (error) {
    if (error instanceof StripeApiError) return replyError(error);
    throw error;
  }
  if (!matched) return replyError(notFoundRoute(method, url.pathname));

  const ledger = context.store.ledger(resolved.account.id, resolved.mode);
  const idempotencyKey = method === "POST" ? request.headers["idempotency-key"] : undefined;
  const key = typeof idempotencyKey === "string" && idempotencyKey !== "" ? idempotencyKey : null;
  const paramsHash = hashParams(raw);
  if (key) {
    headers["Idempotency-Key"] = key;
    try {
      const replay = findReplay(ledger, key, method, url.pathname, paramsHash);
      if (replay) return reply(replay.status, replay.body, { "Idempotent-Replayed": "true" });
    } catch (error) {
      if (error instanceof StripeApiError) return replyError(error);
      throw error;
    }
  }

  const scope = context.scope(ledger, baseUrl, { id: requestId, idempotency_key: key });
  const params = new Params(raw);
  let status = 200;
  let text: string;
  let remembered = true;
  try {
    params.assertKnown([...matched.route.params, "expand"]);
    const result = matched.route.handle({
      scope,
      params,
      path: matched.params,
      keyKind: resolved.kind,
      account: resolved.account,
      webhooks: context.webhooks,
    });
    const expanded = expand(ledger, toJson(result), params.stringArray("expand") ?? [], VIRTUAL_FIELDS);
    text = JSON.stringify(expanded, null, 2);
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    status = error.status;
    text = JSON.stringify({ error: { ...error.body, request_log_url: `${baseUrl}/?request=${requestId}` } }, null, 2);
    remembered = shouldRemember(error);
  }
  if (key && remembered)
    remember(ledger, key, { method, path: url.pathname, params_hash: paramsHash, status, body: text });
  if (method !== "GET") context.store.changed();
  reply(status, text);
}
