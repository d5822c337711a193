import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { record, recording } from "../conformance/recorder";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../server";
import type { KeyPair, Mode } from "../core/state";

/** Test helpers: an in-process sandbox, accounts, SDK clients and a webhook receiver. */

export interface TestAccount {
  id: string;
  name: string;
  keys: Record<Mode, KeyPair>;
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  url: string;
  createAccount(name?: string): Promise<TestAccount>;
  /** The official SDK pointed at the sandbox, exactly as the platform configures it. */
  stripe(key: string): Stripe;
  close(): Promise<void>;
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, dataFile: null, retryScale: 0.0001, ...options });
  return {
    sandbox,
    url: sandbox.url,
    async createAccount(name) {
      const response = await fetch(`${sandbox.url}/_sandbox/accounts`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(name ? { name } : {}),
      });
      const account: unknown = await response.json();
      return account as TestAccount;
    },
    stripe(key) {
      return new Stripe(key, { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
    },
    close: () => sandbox.close(),
  };
}

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type WebhookReply = { status: number; delayMs?: number; location?: string; body?: string };

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Decides the answer to each request; default 200. */
  reply: (request: ReceivedWebhook, index: number) => WebhookReply;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    port: 0,
    received: [],
    reply: () => ({ status: 200 }),
    close: async () => undefined,
  };
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const received: ReceivedWebhook = { path: request.url ?? "/", headers: request.headers, body, at: Date.now() };
      // Events as the sandbox delivers them, for the run's conformance check (sandbox/conformance).
      if (recording()) record({ source: "webhook", request: `POST ${received.path}`, body });
      receiver.received.push(received);
      const answer = receiver.reply(received, receiver.received.length - 1);
      const finish = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, answer.location ? { Location: answer.location } : {});
        response.end(answer.body ?? JSON.stringify({ received: true }));
      };
      if (answer.delayMs) setTimeout(finish, answer.delayMs);
      else finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Polls until `check` returns something other than undefined/false. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface DeliveryRecord {
  event_id: string;
  event_type: string;
  endpoint_id: string;
  endpoint_url: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string;
  succeeded: boolean;
  next_retry_at: number | null;
  manual: boolean;
}

export async function deliveries(baseUrl: string, accountId: string): Promise<DeliveryRecord[]> {
  const response = await fetch(`${baseUrl}/_sandbox/accounts/${accountId}/deliveries`);
  const list = (await response.json()) as { data: DeliveryRecord[] };
  return list.data;
}

/** Form-encodes like Stripe.js does (nested brackets), for calls made with a publishable key. */
export function formEncode(params: Record<string, unknown>, prefix = ""): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === undefined) continue;
    if (value !== null && typeof value === "object") {
      parts.push(formEncode(value as Record<string, unknown>, name));
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.filter(Boolean).join("&");
}

/** A call as Stripe.js makes it: publishable key, form body. */
export async function publishableCall(
  baseUrl: string,
  key: string,
  method: "GET" | "POST",
  path: string,
  params: Record<string, unknown> = {},
) {
  const body = formEncode(params);
  const response = await fetch(method === "GET" ? `${baseUrl}${path}?${body}` : `${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-www-form-urlencoded" },
    ...(method === "POST" ? { body } : {}),
  });
  const json: unknown = await response.json();
  return {
    status: response.status,
    json: json as Record<string, unknown> & { id?: string; error?: Record<string, unknown> },
  };
}
