import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { nowSeconds } from "../core/clock";
import { SANDBOX_API_VERSION } from "../core/events";
import { newId } from "../core/ids";
import type { DeliveryAttempt, Ledger, SandboxEvent } from "../core/state";
import type { SandboxContext } from "../sandbox-context";
import { signatureHeader } from "../webhooks/signature";
import { cliSecretOf, ledgerOfWebsocketId, SUBSCRIBE_PATH } from "./cli-session";

/** The subprotocol the CLI offers when it dials. */
const SUBPROTOCOL = "stripecli-devproxy-v1";
/** The CLI pings every 2 s; a listener silent this long is gone. */
const SILENCE_LIMIT_MS = 30_000;
/**
 * The CLI closes and reopens its websocket every `reconnect_delay`; events of that gap,
 * or of a short network drop, wait this long for it to come back.
 */
const BACKLOG_KEEP_MS = 2 * 60_000;
const BACKLOG_MAX = 200;
/** Forwards the CLI never reported on (its POST failed) are forgotten after this. */
const CONVERSATION_KEEP_MS = 5 * 60_000;
const SWEEP_INTERVAL_MS = 5_000;
/** Same cap as the dispatcher's, so the data file stays small. */
const MAX_RECORDED_ATTEMPTS = 5000;
const EXCERPT_CHARS = 1000;

interface Conversation {
  eventId: string;
  eventType: string;
  webhookId: string;
  sentAt: number;
}

/** One `stripe listen` session (one websocket id), alive while connected or briefly after. */
interface ListenSession {
  websocketId: string;
  ledger: Ledger;
  /** Ids of the two "endpoints" a session stands for: the account's default API version and the latest. */
  webhookIds: { defaultVersion: string; latestVersion: string };
  socket: WebSocket | null;
  lastHeardAt: number;
  backlog: string[];
  conversations: Map<string, Conversation>;
}

/** The CLI's `webhook_response`: what the local endpoint answered to a forwarded event. */
interface WebhookResponseMessage {
  type: "webhook_response";
  webhook_conversation_id: string;
  forward_url: string;
  status: number;
  body: string;
  http_headers: Record<string, string>;
}

function isWebhookResponse(value: unknown): value is WebhookResponseMessage {
  if (typeof value !== "object" || value === null) return false;
  const message = value as Record<string, unknown>;
  return (
    message.type === "webhook_response" &&
    typeof message.webhook_conversation_id === "string" &&
    typeof message.forward_url === "string" &&
    typeof message.status === "number" &&
    Number.isInteger(message.status) &&
    typeof message.body === "string" &&
    (message.http_headers === undefined || (typeof message.http_headers === "object" && message.http_headers !== null))
  );
}

/** Answers a refused upgrade the way Stripe does, with a JSON error the CLI reads. */
function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The websocket side of `stripe listen`: every event of a listener's account and mode is
 * pushed as `webhook_event` messages signed with the account's CLI secret (the CLI
 * forwards the headers it is given), and the CLI's `webhook_response` reports are kept as
 * delivery attempts.
 */
export class CliListenHub {
  private readonly server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  private readonly sessions = new Map<string, ListenSession>();
  private readonly unsubscribe: () => void;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly context: SandboxContext) {
    this.unsubscribe = context.onEvent((ledger, event) => this.publish(ledger, event));
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** `server.on("upgrade")`: accepts the CLI's websocket, refuses everything else. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that drops mid-handshake must not take the server down.
    socket.on("error", () => socket.destroy());
    const url = new URL(request.url ?? "/", "http://sandbox.invalid");
    const path = SUBSCRIBE_PATH.exec(url.pathname);
    if (!path) return refuse(socket, 404, "Not Found", `Not found: ${url.pathname}`);
    const header = request.headers["websocket-id"];
    const websocketId = typeof header === "string" ? header : "";
    const ledger = ledgerOfWebsocketId(this.context.store, path[1] ?? "", websocketId);
    if (!ledger) return refuse(socket, 400, "Bad Request", "Unknown WebSocket ID.");
    // The sandbox has no v2 events; a `v2_events` listener is connected but told nothing.
    const wantsWebhooks = url.searchParams.get("websocket_feature") === "webhooks";

    this.server.handleUpgrade(request, socket, head, (ws) => {
      ws.on("error", () => ws.terminate());
      if (!wantsWebhooks) return;
      const session = this.session(websocketId, ledger);
      // A reconnect with the same id replaces the old socket.
      session.socket?.terminate();
      session.socket = ws;
      session.lastHeardAt = Date.now();
      ws.on("ping", () => (session.lastHeardAt = Date.now()));
      ws.on("message", (data) => {
        session.lastHeardAt = Date.now();
        this.receive(session, data);
      });
      ws.on("close", () => {
        if (session.socket === ws) session.socket = null;
        session.lastHeardAt = Date.now();
      });
      for (const message of session.backlog.splice(0)) ws.send(message);
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    clearInterval(this.sweeper);
    for (const ws of this.server.clients) ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private session(websocketId: string, ledger: Ledger): ListenSession {
    let session = this.sessions.get(websocketId);
    if (!session) {
      session = {
        websocketId,
        ledger,
        webhookIds: { defaultVersion: newId("we"), latestVersion: newId("we") },
        socket: null,
        lastHeardAt: Date.now(),
        backlog: [],
        conversations: new Map(),
      };
      this.sessions.set(websocketId, session);
    }
    return session;
  }

  private publish(ledger: Ledger, event: SandboxEvent): void {
    const listeners = [...this.sessions.values()].filter((session) => session.ledger === ledger);
    if (listeners.length === 0) return;
    const payload = JSON.stringify(event, null, 2);
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      Accept: "*/*; q=0.5, application/xml",
      "Cache-Control": "no-cache",
      "Stripe-Signature": signatureHeader(payload, cliSecretOf(ledger), nowSeconds()),
    };
    for (const session of listeners) {
      // Stripe sends each event twice: rendered in the account's default version
      // (`api_version: null`) and in the latest; the CLI keeps the one it asked for
      // (`--latest`). Both are the same version in the sandbox.
      const versions: Array<[string, string | null]> = [
        [session.webhookIds.defaultVersion, null],
        [session.webhookIds.latestVersion, SANDBOX_API_VERSION],
      ];
      for (const [webhookId, apiVersion] of versions) {
        const conversationId = newId("wc");
        session.conversations.set(conversationId, {
          eventId: event.id,
          eventType: event.type,
          webhookId,
          sentAt: Date.now(),
        });
        const message = JSON.stringify({
          type: "webhook_event",
          webhook_id: webhookId,
          webhook_conversation_id: conversationId,
          event_payload: payload,
          http_headers: headers,
          endpoint: { api_version: apiVersion },
        });
        if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(message);
        else if (session.backlog.push(message) > BACKLOG_MAX) session.backlog.shift();
      }
    }
  }

  private receive(session: ListenSession, data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
    } catch {
      return;
    }
    // `event_ack` only says the CLI parsed the event; the answer that matters follows.
    if (!isWebhookResponse(message)) return;
    const conversation = session.conversations.get(message.webhook_conversation_id);
    if (!conversation) return;
    session.conversations.delete(message.webhook_conversation_id);
    this.record(session, conversation, message);
  }

  private record(session: ListenSession, conversation: Conversation, response: WebhookResponseMessage): void {
    const { ledger } = session;
    const status = response.status;
    const location = Object.entries(response.http_headers ?? {}).find(
      ([name]) => name.toLowerCase() === "location",
    )?.[1];
    const error =
      status >= 200 && status < 300
        ? null
        : status >= 300 && status < 400
          ? `Redirect to ${location ?? "(no Location header)"} not followed`
          : `HTTP ${status}`;
    const attempt: DeliveryAttempt = {
      id: newId("whatt"),
      event_id: conversation.eventId,
      event_type: conversation.eventType,
      endpoint_id: conversation.webhookId,
      endpoint_url: response.forward_url,
      attempt:
        ledger.deliveries.filter((d) => d.event_id === conversation.eventId && d.endpoint_id === conversation.webhookId)
          .length + 1,
      started_at: conversation.sentAt,
      duration_ms: Date.now() - conversation.sentAt,
      status_code: status,
      error,
      response_excerpt: response.body.slice(0, EXCERPT_CHARS),
      succeeded: error === null,
      next_retry_at: null,
      manual: false,
    };
    ledger.deliveries.push(attempt);
    if (ledger.deliveries.length > MAX_RECORDED_ATTEMPTS)
      ledger.deliveries.splice(0, ledger.deliveries.length - MAX_RECORDED_ATTEMPTS);
    this.context.store.changed();
  }

  /** Drops silent sockets, sessions gone for good, and forwards never answered. */
  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (session.socket && now - session.lastHeardAt > SILENCE_LIMIT_MS) {
        session.socket.terminate();
        session.socket = null;
      }
      if (!session.socket && now - session.lastHeardAt > BACKLOG_KEEP_MS) {
        this.sessions.delete(id);
        continue;
      }
      for (const [conversationId, conversation] of session.conversations) {
        if (now - conversation.sentAt > CONVERSATION_KEEP_MS) session.conversations.delete(conversationId);
      }
    }
  }
}
