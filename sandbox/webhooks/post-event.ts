import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { lookup as dnsLookup } from "node:dns";

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string;
  durationMs: number;
}

const EXCERPT_CHARS = 1000;

/**
 * `*.localhost` is loopback by RFC 6761, but Node's resolver may not know that; a store
 * at `demo.localhost:3000` must still get its webhooks.
 */
const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options, callback);
};

/**
 * One delivery attempt. Redirects are never followed (Stripe counts a 3xx as a failure),
 * and the attempt is abandoned after `timeoutMs`.
 */
export function postEvent(
  url: string,
  payload: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const started = performance.now();
  const finish = (statusCode: number | null, error: string | null, responseExcerpt: string): PostResult => ({
    statusCode,
    error,
    responseExcerpt,
    durationMs: Math.round(performance.now() - started),
  });

  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(finish(null, `Invalid URL: ${url}`, ""));
      return;
    }
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "POST",
        lookup: loopbackAwareLookup,
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(payload)) },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (body.length < EXCERPT_CHARS) body += chunk;
        });
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const excerpt = body.slice(0, EXCERPT_CHARS);
          if (status >= 300 && status < 400) {
            const location = response.headers.location ?? "(no Location header)";
            resolve(finish(status, `Redirect to ${location} not followed`, excerpt));
          } else if (status < 200 || status >= 300) {
            resolve(finish(status, `HTTP ${status}`, excerpt));
          } else {
            resolve(finish(status, null, excerpt));
          }
        });
        response.on("error", (error) => resolve(finish(response.statusCode ?? null, error.message, body)));
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy(new Error(`Timed out after ${timeoutMs} ms`));
    });
    request.on("error", (error) => resolve(finish(null, error.message, "")));
    request.end(payload);
  });
}
