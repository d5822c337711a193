import type { IncomingMessage, ServerResponse } from "node:http";
import { StripeApiError, missingParam, paramError } from "../core/errors";
import type { Mode, SandboxAccount } from "../core/state";
import { parseForm } from "../http/form-encoding";
import { sendJson } from "../http/respond";
import { renewSubscription } from "../billing/subscriptions";
import { afterPaymentAttempt } from "../billing/after-payment";
import { completeAuthentication, settleBankDebit } from "../payments/confirm";
import type { SandboxContext } from "../sandbox-context";
import type { EffectiveDelivery } from "../webhooks/dispatcher";
import {
  MODE_RULE,
  SEED_RULE,
  WINDOW_RULE,
  parseChaosSeed,
  parseChaosWindowMs,
  parseDeliveryMode,
  type DeliveryMode,
} from "../webhooks/delivery-settings";

/** Longest a test may hold `POST /_sandbox/webhooks/idle` open. */
const IDLE_WAIT_CAP_MS = 15_000;

export function describeAccount(account: SandboxAccount) {
  return {
    id: account.id,
    object: "sandbox.account",
    name: account.name,
    created: account.created,
    keys: account.keys,
  };
}

/**
 * JSON or form body; both are convenient from tests and curl. JSON numbers and booleans
 * read as their form spelling (`{"seed": 42}` is `seed=42`); null when the JSON is malformed.
 */
function readInput(request: IncomingMessage, body: string): Record<string, string> | null {
  if (!body) return {};
  if ((request.headers["content-type"] ?? "").includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return null;
    }
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(
      Object.entries(parsed)
        .filter((entry): entry is [string, string | number | boolean] =>
          ["string", "number", "boolean"].includes(typeof entry[1]),
        )
        .map(([key, value]) => [key, String(value)]),
    );
  }
  return Object.fromEntries(
    Object.entries(parseForm(body)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function notFound(response: ServerResponse, message: string): void {
  sendJson(response, 404, { error: { type: "invalid_request_error", message } });
}

function describeDelivery(accountId: string, delivery: EffectiveDelivery) {
  return {
    object: "sandbox.delivery_settings",
    account: accountId,
    mode: delivery.mode,
    seed: delivery.seed,
    window_ms: delivery.windowMs,
    source: delivery.source,
  };
}

/** `mode` (required), `seed` and `window_ms` for an account's delivery setting, checked like Stripe's params. */
function deliveryInput(input: Record<string, string>): { mode: DeliveryMode; seed?: number; windowMs?: number } {
  for (const key of Object.keys(input)) {
    if (!["mode", "seed", "window_ms"].includes(key))
      throw paramError(key, `Received unknown parameter: ${key}`, "parameter_unknown");
  }
  if (!input.mode) throw missingParam("mode");
  const mode = parseDeliveryMode(input.mode);
  if (!mode) throw paramError("mode", `Invalid mode: must be ${MODE_RULE}`);
  const seed = input.seed ? parseChaosSeed(input.seed) : undefined;
  if (input.seed && seed === undefined) throw paramError("seed", `Invalid seed: must be ${SEED_RULE}`);
  const windowMs = input.window_ms ? parseChaosWindowMs(input.window_ms) : undefined;
  if (input.window_ms && windowMs === undefined)
    throw paramError("window_ms", `Invalid window_ms: must be ${WINDOW_RULE}`);
  return { mode, ...(seed === undefined ? {} : { seed }), ...(windowMs === undefined ? {} : { windowMs }) };
}

/**
 * The development API (`/_sandbox/...`), unauthenticated like the rest of a local tool:
 * accounts and keys, the delivery log, and the clock-driven things Stripe does by itself
 * (renewals, 3-D Secure answers) triggered on demand.
 */
export async function handleDevApi(
  context: SandboxContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  body: string,
  baseUrl: string,
): Promise<void> {
  const method = request.method ?? "GET";
  const path = url.pathname.replace(/\/+$/, "");
  const input = method === "POST" ? readInput(request, body) : Object.fromEntries(url.searchParams);
  if (input === null) {
    return sendJson(response, 400, {
      error: { type: "invalid_request_error", message: "Invalid request: the body is not valid JSON." },
    });
  }
  const { store } = context;

  if (path === "/_sandbox/health") return sendJson(response, 200, { ok: true });

  // POST /_sandbox/accounts – create an account with test and live keys
  if (path === "/_sandbox/accounts" && method === "POST") {
    return sendJson(response, 201, describeAccount(store.createAccount(input.name)));
  }
  // GET /_sandbox/accounts – every account with its keys
  if (path === "/_sandbox/accounts" && method === "GET") {
    return sendJson(response, 200, { object: "list", data: store.accounts().map(describeAccount) });
  }

  // GET /_sandbox/accounts/:id/deliveries?mode=test&event=evt_...&endpoint=we_... – webhook attempts, oldest first
  const deliveries = /^\/_sandbox\/accounts\/([^/]+)\/deliveries$/.exec(path);
  if (deliveries && method === "GET") {
    const account = store.account(deliveries[1] ?? "");
    if (!account) return notFound(response, `No such account: '${deliveries[1] ?? ""}'`);
    const modes: Mode[] = input.mode === "live" ? ["live"] : input.mode === "test" ? ["test"] : ["test", "live"];
    const data = modes
      .flatMap((mode) =>
        store.ledger(account.id, mode).deliveries.map((attempt) => ({ ...attempt, livemode: mode === "live" })),
      )
      .filter(
        (attempt) =>
          (!input.event || attempt.event_id === input.event) &&
          (!input.endpoint || attempt.endpoint_id === input.endpoint),
      )
      .sort((a, b) => a.started_at - b.started_at);
    return sendJson(response, 200, { object: "list", data });
  }

  // GET|POST|DELETE /_sandbox/accounts/:id/delivery – the account's webhook delivery: ordered or chaos (seed, window_ms);
  // DELETE returns it to the global setting
  const delivery = /^\/_sandbox\/accounts\/([^/]+)\/delivery$/.exec(path);
  if (delivery && (method === "GET" || method === "POST" || method === "DELETE")) {
    const account = store.account(delivery[1] ?? "");
    if (!account) return notFound(response, `No such account: '${delivery[1] ?? ""}'`);
    if (method === "GET")
      return sendJson(response, 200, describeDelivery(account.id, context.webhooks.deliveryFor(account.id)));
    if (method === "DELETE")
      return sendJson(response, 200, describeDelivery(account.id, context.webhooks.clearAccountDelivery(account.id)));
    try {
      const setting = context.webhooks.setAccountDelivery(account.id, deliveryInput(input));
      return sendJson(response, 200, describeDelivery(account.id, setting));
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(response, error.status, { error: error.body });
      throw error;
    }
  }

  // POST /_sandbox/webhooks/idle – resolves once no delivery is running or due within `within_ms`
  if (path === "/_sandbox/webhooks/idle" && method === "POST") {
    const within = Math.min(Number(input.within_ms ?? 0) || 0, IDLE_WAIT_CAP_MS);
    let timer: NodeJS.Timeout | undefined;
    const idle = await Promise.race([
      context.webhooks.idle(within).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), IDLE_WAIT_CAP_MS))),
    ]);
    // Cleared, or the cap's timer would hold a closing test process open for its full length.
    clearTimeout(timer);
    if (!idle) {
      return sendJson(response, 504, {
        error: { type: "api_error", message: `Deliveries were still running after ${IDLE_WAIT_CAP_MS / 1000} s.` },
      });
    }
    return sendJson(response, 200, { ok: true });
  }

  // POST /_sandbox/subscriptions/:id/renew (outcome=succeed|fail) – the billing period ends now
  const renew = /^\/_sandbox\/subscriptions\/([^/]+)\/renew$/.exec(path);
  if (renew && method === "POST") {
    const id = renew[1] ?? "";
    const ledger = store.ledgers().find((candidate) => candidate.subscriptions[id]);
    const subscription = ledger?.subscriptions[id];
    if (!ledger || !subscription) return notFound(response, `No such subscription: '${id}'`);
    const outcome = input.outcome === "fail" ? "fail" : input.outcome === "succeed" ? "succeed" : undefined;
    try {
      const invoice = renewSubscription(context.scope(ledger, baseUrl), subscription, outcome);
      store.changed();
      return sendJson(response, 200, { subscription, invoice });
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(response, error.status, { error: error.body });
      throw error;
    }
  }

  // POST /_sandbox/payment_intents/:id/authenticate (outcome=complete|fail) – answer 3-D Secure without a browser
  const authenticate = /^\/_sandbox\/payment_intents\/([^/]+)\/authenticate$/.exec(path);
  if (authenticate && method === "POST") {
    const id = authenticate[1] ?? "";
    const ledger = store.ledgerHolding("paymentIntents", id);
    const intent = ledger?.paymentIntents[id];
    if (!ledger || !intent) return notFound(response, `No such payment_intent: '${id}'`);
    const scope = context.scope(ledger, baseUrl);
    const error = completeAuthentication(scope, intent, input.outcome === "fail" ? "fail" : "complete");
    afterPaymentAttempt(scope, intent);
    store.changed();
    return sendJson(response, 200, { payment_intent: intent, error: error?.body ?? null });
  }

  // POST /_sandbox/payment_intents/:id/settle (outcome=succeed|fail) – the bank answers a processing debit
  const settle = /^\/_sandbox\/payment_intents\/([^/]+)\/settle$/.exec(path);
  if (settle && method === "POST") {
    const id = settle[1] ?? "";
    const ledger = store.ledgerHolding("paymentIntents", id);
    const intent = ledger?.paymentIntents[id];
    if (!ledger || !intent) return notFound(response, `No such payment_intent: '${id}'`);
    const scope = context.scope(ledger, baseUrl);
    try {
      settleBankDebit(
        scope,
        intent,
        input.outcome === "fail" ? "fail" : input.outcome === "succeed" ? "succeed" : undefined,
      );
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(response, error.status, { error: error.body });
      throw error;
    }
    afterPaymentAttempt(scope, intent);
    store.changed();
    return sendJson(response, 200, { payment_intent: intent });
  }

  // POST /_sandbox/events/:id/resend (endpoint=we_...) – the dashboard's Resend button
  const resend = /^\/_sandbox\/events\/([^/]+)\/resend$/.exec(path);
  if (resend && method === "POST") {
    const id = resend[1] ?? "";
    const ledger = store.ledgers().find((candidate) => candidate.events[id]);
    const event = ledger?.events[id];
    if (!ledger || !event) return notFound(response, `No such event: '${id}'`);
    const attempts = await context.webhooks.resend(ledger, event, input.endpoint || undefined);
    return sendJson(response, 200, { object: "list", data: attempts });
  }

  return notFound(response, `Unrecognized sandbox URL (${method}: ${url.pathname})`);
}
