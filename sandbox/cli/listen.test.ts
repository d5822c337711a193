import { execFile, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  deliveries,
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";
import { spawnStripeCli, STRIPE_CLI, stopStripeCli } from "../../test/stripe-cli";

const SECRET_PATTERN = /whsec_[A-Za-z0-9]+/;

let sandbox: TestSandbox;
let receiver: WebhookReceiver;
let home: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  // The CLI keeps config under HOME; a throwaway one leaves the developer's untouched.
  home = mkdtempSync(join(tmpdir(), "stripe-listen-"));
});
afterEach(() => {
  for (const child of running.splice(0)) stopStripeCli(child);
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  rmSync(home, { recursive: true, force: true });
});

// `--skip-update` (or `--print-secret`) keeps the CLI from asking GitHub for its latest release.
function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: home, STRIPE_CLI_TELEMETRY_OPTOUT: "1" };
}

function cliArgs(account: TestAccount, extra: string[]): string[] {
  return ["listen", ...extra, "--api-base", sandbox.url, "--api-key", account.keys.test.secret];
}

interface Listener {
  output(): string;
  secret: string;
}

/** Starts `stripe listen --forward-to <receiver><path>` and waits for its "Ready!" line. */
async function listen(account: TestAccount, path: string, extra: string[] = []): Promise<Listener> {
  const child = spawnStripeCli(
    cliArgs(account, ["--all-snapshot", "--forward-to", `${receiver.url}${path}`, "--skip-update", ...extra]),
    cliEnv(),
  );
  running.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const secret = await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`stripe listen exited ${child.exitCode}: ${output}`);
    return /Ready!/.test(output) && SECRET_PATTERN.exec(output)?.[0];
  }, 20_000);
  return { output: () => output, secret };
}

function printSecret(account: TestAccount): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      STRIPE_CLI,
      cliArgs(account, ["--print-secret"]),
      { env: cliEnv(), timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Events that reached `path`, each verified against `secret` (throws on a bad signature). */
function verifiedEvents(stripe: Stripe, path: string, secret: string): Stripe.Event[] {
  return receiver.received
    .filter((request) => request.path === path)
    .map((request) =>
      stripe.webhooks.constructEvent(request.body, String(request.headers["stripe-signature"]), secret),
    );
}

async function paidIntent(stripe: Stripe): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create({
    amount: 1500,
    currency: "usd",
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
  return stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
}

describe("stripe listen --forward-to against the sandbox", () => {
  it("forwards the account's events signed with the secret it prints", async () => {
    const account = await sandbox.createAccount("Listen forward");
    const stripe = sandbox.stripe(account.keys.test.secret);
    const path = `/hook/${account.id}`;
    const listener = await listen(account, path);
    expect(listener.secret).toMatch(/^whsec_/);

    const intent = await paidIntent(stripe);
    expect(intent.status).toBe("succeeded");
    const succeeded = await waitFor(
      () =>
        verifiedEvents(stripe, path, listener.secret).find(
          (event) => event.type === "payment_intent.succeeded" && event.data.object.id === intent.id,
        ),
      10_000,
    );
    expect((succeeded.data.object as Stripe.PaymentIntent).amount_received).toBe(1500);
    // Forwarded once, in the default API version: the latest-version copy is for `--latest`.
    const types = verifiedEvents(stripe, path, listener.secret).map((event) => event.type);
    expect(types.filter((type) => type === "payment_intent.succeeded")).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining(["payment_intent.created", "charge.succeeded"]));
    await waitFor(() => listener.output().includes(`[200] POST ${receiver.url}${path}`), 5_000);

    // The CLI reports each forward back; the sandbox keeps it as a delivery attempt.
    const attempt = await waitFor(async () =>
      (await deliveries(sandbox.url, account.id)).find(
        (record) =>
          record.event_type === "payment_intent.succeeded" && record.endpoint_url === `${receiver.url}${path}`,
      ),
    );
    expect(attempt).toMatchObject({ status_code: 200, succeeded: true, error: null });
  }, 60_000);

  it("prints the same secret with --print-secret, and keeps it across sessions", async () => {
    const account = await sandbox.createAccount("Listen secret");
    const first = await printSecret(account);
    expect(first.code).toBe(0);
    const secret = SECRET_PATTERN.exec(first.output)?.[0];
    expect(secret).toBeDefined();
    const listener = await listen(account, `/hook/${account.id}`);
    expect(listener.secret).toBe(secret);
    expect((await printSecret(account)).output.trim()).toBe(secret);

    // Another account has its own secret.
    const other = await sandbox.createAccount("Listen other");
    const otherSecret = SECRET_PATTERN.exec((await printSecret(other)).output)?.[0];
    expect(otherSecret).toBeDefined();
    expect(otherSecret).not.toBe(secret);
  }, 60_000);

  it("forwards nothing from other accounts", async () => {
    const account = await sandbox.createAccount("Listen quiet");
    const other = await sandbox.createAccount("Listen noisy");
    const path = `/hook/${account.id}`;
    const listener = await listen(account, path);
    const otherStripe = sandbox.stripe(other.keys.test.secret);
    await otherStripe.customers.create({ email: "elsewhere@example.com" });
    const stripe = sandbox.stripe(account.keys.test.secret);
    const customer = await stripe.customers.create({ email: "here@example.com" });
    const created = await waitFor(
      () =>
        verifiedEvents(stripe, path, listener.secret).find(
          (event) => event.type === "customer.created" && event.data.object.id === customer.id,
        ),
      10_000,
    );
    expect(created).toBeDefined();
    expect(verifiedEvents(stripe, path, listener.secret)).toHaveLength(1);
  }, 60_000);
});

/** Dials like the CLI does; resolves with the HTTP answer of a refused upgrade. */
function refusedUpgrade(url: string, websocketId: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "stripecli-devproxy-v1", { headers: { "Websocket-Id": websocketId } });
    socket.on("open", () => {
      socket.terminate();
      reject(new Error("the websocket was accepted"));
    });
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on("error", () => undefined);
  });
}

/** Opens the websocket as the CLI does, collecting the `webhook_event` messages it gets. */
async function openSocket(url: string, websocketId: string) {
  const socket = new WebSocket(`${url}?websocket_feature=webhooks`, "stripecli-devproxy-v1", {
    headers: { "Websocket-Id": websocketId },
  });
  const messages: WebhookEventMessage[] = [];
  socket.on("message", (data: Buffer) => messages.push(JSON.parse(data.toString("utf8")) as WebhookEventMessage));
  await once(socket, "open");
  return { socket, messages };
}

interface WebhookEventMessage {
  type: string;
  webhook_id: string;
  webhook_conversation_id: string;
  event_payload: string;
  http_headers: Record<string, string>;
  endpoint: { api_version: string | null };
}

describe("POST /v1/stripecli/sessions and the websocket", () => {
  async function createSession(key: string, body: string) {
    const response = await fetch(`${sandbox.url}/v1/stripecli/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it("answers with a websocket on the sandbox and the account's secret", async () => {
    const account = await sandbox.createAccount("Session shape");
    const { status, json } = await createSession(
      account.keys.test.secret,
      "device_name=laptop&websocket_features[]=webhooks",
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({
      websocket_url: `${sandbox.url.replace("http", "ws")}/stripecli/subscribe/${account.id}`,
      websocket_authorized_feature: "webhooks",
      reconnect_delay: 60,
      display_connect_filter_warning: false,
      default_version: Stripe.API_VERSION,
      latest_version: Stripe.API_VERSION,
    });
    expect(json.secret).toMatch(/^whsec_/);
    expect(json.websocket_id).toMatch(/^cliws_test_/);
    // Live mode has its own secret.
    const live = await createSession(account.keys.live.secret, "device_name=laptop&websocket_features[]=webhooks");
    expect(live.json.secret).toMatch(/^whsec_/);
    expect(live.json.secret).not.toBe(json.secret);
  });

  it("rejects a missing device name, unknown features and publishable keys", async () => {
    const account = await sandbox.createAccount("Session errors");
    const missing = await createSession(account.keys.test.secret, "websocket_features[]=webhooks");
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ param: "device_name", code: "parameter_missing" });
    const unknown = await createSession(account.keys.test.secret, "device_name=x&websocket_features[]=logs");
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ param: "websocket_features" });
    const publishable = await createSession(
      account.keys.test.publishable,
      "device_name=x&websocket_features[]=webhooks",
    );
    expect(publishable.status).toBe(401);
  });

  it("pushes signed events in both API versions, records responses, and holds events across a reconnect", async () => {
    const account = await sandbox.createAccount("Socket protocol");
    const stripe = sandbox.stripe(account.keys.test.secret);
    const { json } = await createSession(account.keys.test.secret, "device_name=x&websocket_features[]=webhooks");
    const [url, id, secret] = [String(json.websocket_url), String(json.websocket_id), String(json.secret)];
    const first = await openSocket(url, id);
    const customer = await stripe.customers.create({ email: "socket@example.com" });
    await waitFor(() => first.messages.length === 2);
    expect(first.messages.map((message) => message.endpoint.api_version)).toEqual([null, Stripe.API_VERSION]);
    for (const message of first.messages) {
      expect(message.type).toBe("webhook_event");
      const event = stripe.webhooks.constructEvent(
        message.event_payload,
        message.http_headers["Stripe-Signature"] ?? "",
        secret,
      );
      expect(event).toMatchObject({ type: "customer.created", data: { object: { id: customer.id } } });
    }

    const [delivered] = first.messages;
    first.socket.send(
      JSON.stringify({
        type: "webhook_response",
        webhook_id: delivered?.webhook_id,
        webhook_conversation_id: delivered?.webhook_conversation_id,
        forward_url: "http://localhost:4242/hook",
        status: 500,
        body: "boom",
        http_headers: {},
        request_headers: delivered?.http_headers,
        request_body: delivered?.event_payload,
      }),
    );
    const attempt = await waitFor(async () =>
      (await deliveries(sandbox.url, account.id)).find(
        (record) => record.endpoint_url === "http://localhost:4242/hook",
      ),
    );
    expect(attempt).toMatchObject({
      event_type: "customer.created",
      status_code: 500,
      succeeded: false,
      error: "HTTP 500",
      response_excerpt: "boom",
    });

    // The CLI resets its socket every `reconnect_delay`; events of the gap wait for it.
    first.socket.close();
    await once(first.socket, "close");
    await stripe.customers.update(customer.id, { name: "Ada" });
    const second = await openSocket(url, id);
    await waitFor(() => second.messages.length === 2);
    const types = second.messages.map((message) => (JSON.parse(message.event_payload) as { type: string }).type);
    expect(types).toEqual(["customer.updated", "customer.updated"]);
    second.socket.close();
  });

  it("refuses a websocket whose id is forged or belongs to another account", async () => {
    const account = await sandbox.createAccount("Socket auth");
    const other = await sandbox.createAccount("Socket other");
    const { json } = await createSession(account.keys.test.secret, "device_name=x&websocket_features[]=webhooks");
    const id = String(json.websocket_id);
    const forged = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    for (const [target, websocketId] of [
      [account.id, forged],
      [other.id, id],
      [account.id, ""],
    ] as const) {
      const response = await refusedUpgrade(
        `${sandbox.url.replace("http", "ws")}/stripecli/subscribe/${target}?websocket_feature=webhooks`,
        websocketId,
      );
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({ error: { message: "Unknown WebSocket ID." } });
    }
  });
});
