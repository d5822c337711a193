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
let home: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  // The CLI keeps config under HOME; a throwaway one leaves the developer's untouched.
  home = mkdtempSync(join(tmpdir(), "stripe-cli-"));
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  rmSync(home, { recursive: true, force: true });
});

interface CliAccount {
  account: TestAccount;
  stripe: Stripe;
  /** Signing secret of the account's endpoint, which receives at `/webhook/<account id>`. */
  secret: string;
  path: string;
}

/** A fresh sandbox account whose every event is posted to the receiver. */
async function freshAccount(name: string): Promise<CliAccount> {
  const account = await sandbox.createAccount(name);
  const stripe = sandbox.stripe(account.keys.test.secret);
  const path = `/webhook/${account.id}`;
  const endpoint = await stripe.webhookEndpoints.create({ url: `${receiver.url}${path}`, enabled_events: ["*"] });
  return { account, stripe, secret: endpoint.secret ?? "", path };
}

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

/** Types of the signed deliveries that reached the account's endpoint (verified with its secret). */
function deliveredTypes(target: CliAccount): string[] {
  return receiver.received
    .filter((request) => request.path === target.path)
    .map(
      (request) =>
        target.stripe.webhooks.constructEvent(request.body, String(request.headers["stripe-signature"]), target.secret)
          .type,
    );
}

/**
 * The events the platform's billing webhook handles (issue 12), each with other events
 * its CLI fixture causes along the way.
 */
const TRIGGERS: Array<[string, string[]]> = [
  ["checkout.session.completed", ["payment_intent.succeeded"]],
  ["customer.subscription.created", ["customer.created", "invoice.paid"]],
  ["customer.subscription.updated", ["customer.subscription.created"]],
  ["customer.subscription.deleted", ["customer.subscription.created"]],
  ["invoice.finalized", ["invoiceitem.created", "invoice.created", "payment_intent.created"]],
  ["invoice.payment_succeeded", ["payment_method.attached", "invoice.paid", "charge.succeeded"]],
  ["invoice.payment_failed", ["charge.failed", "payment_intent.payment_failed"]],
  ["payment_intent.succeeded", ["payment_intent.created", "charge.succeeded"]],
  ["payment_intent.payment_failed", ["charge.failed"]],
];

describe("the official Stripe CLI against the sandbox", () => {
  it.each(TRIGGERS)("stripe trigger %s exits 0, records the event and delivers it signed", async (event, others) => {
    const target = await freshAccount(`CLI ${event}`);
    const result = await runCli([
      "trigger",
      event,
      "--api-base",
      sandbox.url,
      "--api-key",
      target.account.keys.test.secret,
    ]);
    expect(result.output).toContain("Trigger succeeded!");
    expect(result.code).toBe(0);
    const recorded = await target.stripe.events.list({ type: event });
    expect(recorded.data.length).toBeGreaterThan(0);
    const expected = [event, ...others];
    await waitFor(() => expected.every((type) => deliveredTypes(target).includes(type)));
    expect(deliveredTypes(target)).toEqual(expect.arrayContaining(expected));
  });

  it("resends an event to an endpoint with `stripe events resend`", async () => {
    const target = await freshAccount("CLI resend");
    await target.stripe.customers.create({ email: "resend@example.com" });
    const [event] = (await target.stripe.events.list({ type: "customer.created" })).data;
    const endpoint = (await target.stripe.webhookEndpoints.list()).data[0];
    await waitFor(() => deliveredTypes(target).includes("customer.created"));
    const before = deliveredTypes(target).length;
    const result = await runCli([
      "events",
      "resend",
      event?.id ?? "",
      `--webhook-endpoint=${endpoint?.id ?? ""}`,
      "--api-base",
      sandbox.url,
      "--api-key",
      target.account.keys.test.secret,
    ]);
    expect(result.code).toBe(0);
    await waitFor(() => deliveredTypes(target).length > before);
    expect(deliveredTypes(target).slice(before)).toEqual(["customer.created"]);
  });
});
