import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Store } from "@/db/schema";
import { receiveWebhook } from "@/lib/webhooks/receive";

export type StoreWebhookServer = {
  /** `http://127.0.0.1:<port>/shop/webhook/` */
  url: string;
  /** Most requests handled at once, every answer's status, and each delivery's event id in arrival order. */
  traffic: { maxInFlight: number; statuses: number[]; arrivals: string[] };
  close(): Promise<void>;
};

/**
 * The store's /shop/webhook/ pipeline (receiveWebhook, as the route calls it) behind a
 * plain HTTP server, so the sandbox or the Stripe CLI can deliver to it over the network.
 */
export async function startStoreWebhookServer(store: () => Store): Promise<StoreWebhookServer> {
  const traffic = { maxInFlight: 0, statuses: [] as number[], arrivals: [] as string[] };
  let inFlight = 0;
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      inFlight++;
      traffic.maxInFlight = Math.max(traffic.maxInFlight, inFlight);
      const body = Buffer.concat(chunks).toString("utf8");
      traffic.arrivals.push(eventIdOf(body));
      const signature = incoming.headers["stripe-signature"];
      void receiveWebhook(store(), body, typeof signature === "string" ? signature : null)
        .then((answer) => {
          traffic.statuses.push(answer.status);
          outgoing.writeHead(answer.status, { "Content-Type": "application/json" });
          outgoing.end(JSON.stringify(answer.body));
        })
        .catch(() => {
          traffic.statuses.push(500);
          outgoing.writeHead(500).end();
        })
        .finally(() => inFlight--);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/shop/webhook/`,
    traffic,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function eventIdOf(body: string): string {
  try {
    return String((JSON.parse(body) as { id?: unknown }).id);
  } catch {
    return "(not JSON)";
  }
}
