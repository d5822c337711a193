import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleDevApi } from "./admin/dev-api";
import { compileRoutes, handleApiRequest } from "./api/api-handler";
import { apiRoutes } from "./api/all-routes";
import { CliListenHub } from "./cli/listen-hub";
import { SandboxStore } from "./core/store";
import type { PageHandler } from "./http/page-handler";
import { CORS_HEADERS, baseUrlOf, readBody, sendJson } from "./http/respond";
import { pageHandlers } from "./pages/all-pages";
import { SandboxContext } from "./sandbox-context";
import { WebhookDispatcher } from "./webhooks/dispatcher";

export interface SandboxOptions {
  /** 0 picks a free port (tests). Default 12111. */
  port?: number;
  host?: string;
  /** Where accounts, keys and objects persist; null keeps everything in memory (tests). */
  dataFile?: string | null;
  /** Multiplies Stripe's webhook retry delays (1 = real schedule; tests use ~0.0001). */
  retryScale?: number;
  /** How long a webhook receiver may take before the attempt counts as failed. */
  webhookTimeoutMs?: number;
  /**
   * Webhook delivery for every account without its own setting: `ordered` (default) or
   * `chaos` (duplicates, shuffled, concurrent; see `webhooks/delivery-settings.ts`).
   */
  delivery?: Partial<import("./webhooks/delivery-settings").DeliverySettings>;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** Resolves when no webhook delivery is running or due within `withinMs`. */
  deliveriesSettled(withinMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? "127.0.0.1";
  const store = new SandboxStore(options.dataFile === undefined ? ".data/sandbox/state.json" : options.dataFile);
  const webhooks = new WebhookDispatcher(store, {
    retryScale: options.retryScale ?? 1,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    delivery: options.delivery,
  });
  const context = new SandboxContext(store, webhooks);
  const routes = compileRoutes(apiRoutes);
  const pages: PageHandler[] = pageHandlers;
  let fallbackBaseUrl = `http://${host}:${options.port ?? 12111}`;

  const server = http.createServer((request, response) => {
    void (async () => {
      const method = (request.method ?? "GET").toUpperCase();
      const url = new URL(request.url ?? "/", "http://sandbox.invalid");
      const baseUrl = baseUrlOf(request, fallbackBaseUrl);
      if (method === "OPTIONS") {
        response.writeHead(204, CORS_HEADERS);
        response.end();
        return;
      }
      const body = method === "POST" || method === "DELETE" ? await readBody(request) : "";
      if (url.pathname.startsWith("/v1/"))
        return handleApiRequest(context, routes, request, response, url, body, baseUrl);
      if (url.pathname.startsWith("/_sandbox/")) return handleDevApi(context, request, response, url, body, baseUrl);
      for (const page of pages) {
        if (await page({ context, request, response, method, url, body, baseUrl })) return;
      }
      sendJson(response, 404, { error: { type: "invalid_request_error", message: `Not found: ${url.pathname}` } });
    })().catch((error: unknown) => {
      console.error("[sandbox] request failed", request.method, request.url, error);
      if (!response.headersSent) {
        sendJson(response, 500, {
          error: { type: "api_error", message: "An unexpected error occurred in the Stripe sandbox." },
        });
      } else {
        response.end();
      }
    });
  });
  // `stripe listen` opens its websocket here; nothing else upgrades.
  const cliListen = new CliListenHub(context);
  server.on("upgrade", (request, socket, head) => cliListen.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 12111, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  fallbackBaseUrl = url;
  webhooks.start();

  return {
    url,
    port,
    deliveriesSettled: (withinMs = 0) => webhooks.idle(withinMs),
    close: async () => {
      await webhooks.close();
      await cliListen.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.flush();
    },
  };
}
