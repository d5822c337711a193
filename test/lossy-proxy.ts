import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the proxy passed on, and what became of the answer. */
export type ProxiedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  responseBody: string;
  /** The upstream answered but the client never got it: its connection was cut. */
  dropped: boolean;
};

export type LossyProxy = {
  url: string;
  requests: ProxiedRequest[];
  /** Cut the connection after the upstream answered the next `count` requests that match. */
  dropResponses(match: (method: string, path: string) => boolean, count?: number): void;
  close(): Promise<void>;
};

/**
 * An HTTP proxy on 127.0.0.1 in front of `upstream` that can lose answers: the request
 * reaches the upstream and is processed there, but the client sees its connection reset,
 * as when a network drops a response. What a client does next (retry, with which
 * idempotency key) is then visible in `requests`.
 */
export async function startLossyProxy(upstream: string): Promise<LossyProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  let drop: { match: (method: string, path: string) => boolean; left: number } | null = null;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method,
          path,
          headers: { ...req.headers, host: target.host },
        },
        (upstreamRes) => {
          const body: Buffer[] = [];
          upstreamRes.on("data", (chunk: Buffer) => body.push(chunk));
          upstreamRes.on("end", () => {
            const dropped = !!drop && drop.left > 0 && drop.match(method, path);
            if (dropped && drop) drop.left--;
            requests.push({
              method,
              path,
              headers: req.headers,
              status: upstreamRes.statusCode ?? 0,
              responseHeaders: upstreamRes.headers,
              responseBody: Buffer.concat(body).toString("utf8"),
              dropped,
            });
            if (dropped) {
              req.socket.destroy();
              return;
            }
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    dropResponses: (match, count = 1) => {
      drop = { match, left: count };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
