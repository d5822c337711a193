import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "./testing/harness";

const CLI = join(import.meta.dirname, "..", "node_modules", ".bin", "stripe");

let sandbox: TestSandbox;
let receiver: WebhookReceiver;
let account: TestAccount;
let stripe: Stripe;
let secret: string;
let home: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  account = await sandbox.createAccount("CLI");
  stripe = sandbox.stripe(account.keys.test.secret);
  secret =
    (await stripe.webhookEndpoints.create({ url: `${receiver.url}/webhook`, enabled_events: ["*"] })).secret ?? "";
  // The CLI keeps config under HOME; a throwaway one leaves the developer's untouched.
  home = mkdtempSync(join(tmpdir(), "stripe-cli-"));
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  rmSync(home, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      CLI,
      args,
      { env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, STRIPE_CLI_TELEMETRY_OPTOUT: "1" }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function deliveredTypes(): string[] {
  return receiver.received.map(
    (request) => stripe.webhooks.constructEvent(request.body, String(request.headers["stripe-signature"]), secret).type,
  );
}

describe("the official Stripe CLI against the sandbox", () => {
  it.each([
    ["payment_intent.succeeded", ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]],
    ["payment_intent.payment_failed", ["charge.failed", "payment_intent.payment_failed"]],
    ["checkout.session.completed", ["checkout.session.completed", "payment_intent.succeeded"]],
    ["customer.subscription.created", ["customer.created", "customer.subscription.created", "invoice.paid"]],
  ])("stripe trigger %s exits 0 and causes signed deliveries", async (event, expected) => {
    receiver.received.length = 0;
    const result = await runCli(["trigger", event, "--api-base", sandbox.url, "--api-key", account.keys.test.secret]);
    expect(result.output).toContain("Trigger succeeded!");
    expect(result.code).toBe(0);
    await waitFor(() => expected.every((type) => deliveredTypes().includes(type)));
    expect(deliveredTypes()).toEqual(expect.arrayContaining(expected));
  });

  it("resends an event to an endpoint with `stripe events resend`", async () => {
    receiver.received.length = 0;
    const [event] = (await stripe.events.list({ type: "customer.subscription.created" })).data;
    const endpoint = (await stripe.webhookEndpoints.list()).data[0];
    const result = await runCli([
      "events",
      "resend",
      event?.id ?? "",
      `--webhook-endpoint=${endpoint?.id ?? ""}`,
      "--api-base",
      sandbox.url,
      "--api-key",
      account.keys.test.secret,
    ]);
    expect(result.code).toBe(0);
    await waitFor(() => deliveredTypes().includes("customer.subscription.created"));
  });
});
