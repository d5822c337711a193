import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedMail = { from: string; to: string | string[]; subject: string; html?: string; text?: string; reply_to?: string | string[]; idempotencyKey?: string };

/**
 * A local imitation of Resend's `POST /emails`: records what arrives and can be switched
 * to fail with a 500, as an outage would. Duplicate idempotency keys are answered like
 * Resend does, with the first mail's id and nothing sent twice.
 */
export async function startResendStandIn() {
  const received: ReceivedMail[] = [];
  const byKey = new Map<string, string>();
  let failing = false;
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { "Content-Type": "application/json" });
        response.end(JSON.stringify(payload));
      };
      if (request.method !== "POST" || request.url !== "/emails") return reply(404, { name: "not_found", message: "Not found" });
      if (!request.headers.authorization?.startsWith("Bearer re_")) return reply(401, { name: "validation_error", message: "API key is invalid" });
      if (failing) return reply(500, { name: "internal_server_error", message: "Resend is having a bad day" });
      const key = request.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : undefined;
      const existing = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (existing) return reply(200, { id: existing });
      const id = `email_${received.length + 1}`;
      received.push({ ...(JSON.parse(body) as ReceivedMail), idempotencyKey });
      if (idempotencyKey) byKey.set(idempotencyKey, id);
      reply(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    setFailing(value: boolean) {
      failing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
