import type { IncomingMessage, ServerResponse } from "node:http";
import { record, recording } from "../conformance/recorder";

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("Request body too large"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Stripe.js calls the API from the shop's origin with a publishable key in a header,
 * never with cookies, so any origin may call.
 */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account, X-Stripe-Client-User-Agent",
  "Access-Control-Expose-Headers": "Request-Id, Idempotent-Replayed, Stripe-Version",
  "Access-Control-Max-Age": "300",
};

export function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...CORS_HEADERS,
    "Content-Type": contentType,
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-cache, no-store",
    ...headers,
  });
  response.end(body);
  if (contentType === "application/json" && recording()) recordApiResponse(response, status, body);
}

/** Stripe's API answers, for the test run's conformance check (sandbox/conformance). */
function recordApiResponse(response: ServerResponse, status: number, body: string): void {
  // Absent on a response not made by an http.Server (a test's stand-in).
  const request = response.req as IncomingMessage | undefined;
  const url = request?.url ?? "";
  if (!url.startsWith("/v1/")) return;
  record({ source: "response", request: `${request?.method ?? "GET"} ${url}`, status, body });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(response, status, "application/json", JSON.stringify(value, null, 2), headers);
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  send(response, status, "text/html; charset=utf-8", html);
}

export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { Location: location, "Content-Length": "0" });
  response.end();
}

/** The sandbox as the caller reached it, so links in responses work from that side. */
export function baseUrlOf(request: IncomingMessage, fallback: string): string {
  const host = request.headers.host;
  return host ? `http://${host}` : fallback;
}
