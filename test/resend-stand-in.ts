import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A mail as Resend's `POST /emails` receives it (the SDK sends snake_case JSON). */
export type ReceivedMail = {
  from: string;
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  reply_to?: string | string[];
  /** The `Authorization: Bearer` key the mail was sent with. */
  apiKey: string;
  idempotencyKey?: string;
};

export type ResendStandIn = {
  /** What to give the SDK as its base URL (RESEND_BASE_URL). */
  url: string;
  /** Mails accepted, once per idempotency key, as Resend would deliver them. */
  received: ReceivedMail[];
  /** Every `POST /emails` that arrived, accepted or not. */
  requests(): number;
  /** While failing, every send answers 500, as an outage would. */
  setFailing(failing: boolean): void;
  /** Answers every send this many ms late, as a slow provider would (0: at once). */
  setDelay(ms: number): void;
  close(): Promise<void>;
};

/**
 * A local imitation of Resend's send endpoint: `POST /emails` with a Bearer key answers
 * `{ id }`. A repeated `Idempotency-Key` gets the first answer again and is not delivered
 * twice, as Resend does. Listens on 127.0.0.1, on a free port unless one is given.
 */
export async function startResendStandIn(port = 0): Promise<ResendStandIn> {
  const received: ReceivedMail[] = [];
  const idByKey = new Map<string, string>();
  let failing = false;
  let delayMs = 0;
  let requests = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET" && req.url === "/health") return reply(res, 200, { ok: true });
    if (req.method !== "POST" || req.url !== "/emails") {
      return reply(res, 404, { statusCode: 404, name: "not_found", message: "The requested endpoint does not exist." });
    }
    requests++;
    const body = await readBody(req);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const apiKey = /^Bearer (re_\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!apiKey) return reply(res, 401, { statusCode: 401, name: "validation_error", message: "API key is invalid" });
    if (failing)
      return reply(res, 500, {
        statusCode: 500,
        name: "internal_server_error",
        message: "An unexpected error occurred.",
      });
    const header = req.headers["idempotency-key"];
    const idempotencyKey = typeof header === "string" ? header : undefined;
    const known = idempotencyKey ? idByKey.get(idempotencyKey) : undefined;
    if (known) return reply(res, 200, { id: known });
    const id = `email_${received.length + 1}`;
    received.push({ ...(JSON.parse(body) as Omit<ReceivedMail, "apiKey" | "idempotencyKey">), apiKey, idempotencyKey });
    if (idempotencyKey) idByKey.set(idempotencyKey, id);
    return reply(res, 200, { id });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      reply(res, 500, { statusCode: 500, name: "application_error", message: "The stand-in failed." }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    requests: () => requests,
    setFailing: (value) => {
      failing = value;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
