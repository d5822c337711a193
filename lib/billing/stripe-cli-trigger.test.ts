import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inArray } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { POST } from "@/app/api/billing/webhooks/stripe/route";
import { billingEvents, billingInvoices, billingSubscriptions, billingTransactions } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { HANDLED_BILLING_EVENTS } from "./webhook";

/*
 * The seed's local development loop, for real: the official Stripe CLI's `trigger` for each
 * handled event, against the sandbox's platform account, whose webhook endpoint posts to
 * /api/billing/webhooks/stripe/ here (the route handler itself, behind a plain HTTP server).
 * Each delivery must answer 200 and change the mirror.
 */

const CLI = join(process.cwd(), "node_modules", ".bin", "stripe");
const sandboxUrl = inject("stripeSandboxUrl");

let platform: SandboxAccount;
let server: Server;
let home: string;
const saved = {
  secret: env.PLATFORM_STRIPE_SECRET_KEY,
  publishable: env.PLATFORM_STRIPE_PUBLISHABLE_KEY,
  webhook: env.PLATFORM_STRIPE_WEBHOOK_SECRET,
};

beforeAll(async () => {
  // Opened (and on PGlite migrated) before the first delivery, which must not wait for it.
  await getDb();
  server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request = new NextRequest(`http://localhost${incoming.url ?? "/"}`, {
        method: incoming.method,
        headers: incoming.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      void POST(request).then(async (response) => {
        outgoing.writeHead(response.status, { "Content-Type": "application/json" });
        outgoing.end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  platform = await createSandboxAccount();
  const endpoint = await sandboxStripe(platform.keys.test.secret).webhookEndpoints.create({
    url: `http://localhost:${port}/api/billing/webhooks/stripe/`,
    enabled_events: [...HANDLED_BILLING_EVENTS],
  });
  env.PLATFORM_STRIPE_SECRET_KEY = platform.keys.test.secret;
  env.PLATFORM_STRIPE_PUBLISHABLE_KEY = platform.keys.test.publishable;
  env.PLATFORM_STRIPE_WEBHOOK_SECRET = endpoint.secret ?? "";
  // The CLI keeps config under HOME; a throwaway one leaves the developer's untouched.
  home = mkdtempSync(join(tmpdir(), "stripe-cli-billing-"));
});

afterAll(async () => {
  env.PLATFORM_STRIPE_SECRET_KEY = saved.secret;
  env.PLATFORM_STRIPE_PUBLISHABLE_KEY = saved.publishable;
  env.PLATFORM_STRIPE_WEBHOOK_SECRET = saved.webhook;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

function trigger(event: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      CLI,
      ["trigger", event, "--api-base", sandboxUrl, "--api-key", platform.keys.test.secret],
      { env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, STRIPE_CLI_TELEMETRY_OPTOUT: "1" }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

type Attempt = { event_id: string; event_type: string; status_code: number | null; succeeded: boolean };

/** The platform account's delivery attempts of these events, once each of them has been answered. */
async function attemptsOf(eventIds: string[]): Promise<Attempt[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(`${sandboxUrl}/_sandbox/accounts/${platform.id}/deliveries?mode=test`);
    const attempts = ((await response.json()) as { data: Attempt[] }).data.filter((a) => eventIds.includes(a.event_id));
    const answered = eventIds.every((id) => attempts.some((a) => a.event_id === id && a.status_code !== null));
    if (answered || Date.now() > deadline) return attempts;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The mirror's rows that a delivered event of this type writes, for the events' objects. */
async function mirrorRows(type: string, objectIds: string[]): Promise<number> {
  const db = await getDb();
  const subscriptions = () =>
    db.select().from(billingSubscriptions).where(inArray(billingSubscriptions.stripeSubscriptionId, objectIds));
  const invoices = () => db.select().from(billingInvoices).where(inArray(billingInvoices.stripeInvoiceId, objectIds));
  const payments = () =>
    db.select().from(billingTransactions).where(inArray(billingTransactions.stripePaymentIntentId, objectIds));
  return asPlatform(async () => {
    if (type.startsWith("customer.subscription.")) return (await subscriptions()).length;
    if (type.startsWith("invoice.")) return (await invoices()).length;
    // A subscription-mode session mirrors its subscription; the CLI's (payment mode) its payment.
    if (type === "checkout.session.completed") return (await subscriptions()).length + (await payments()).length;
    return (await payments()).length;
  });
}

describe("stripe trigger, as the billing seed's local development", () => {
  it.each(HANDLED_BILLING_EVENTS.map((event) => [event]))(
    "%s reaches /api/billing/webhooks/stripe/, answered 200, and changes the mirror",
    async (event) => {
      const result = await trigger(event);
      expect(result.output).toContain("Trigger succeeded!");
      expect(result.code).toBe(0);

      const stripe = sandboxStripe(platform.keys.test.secret);
      const events = (await stripe.events.list({ type: event, limit: 100 })).data;
      expect(events.length).toBeGreaterThan(0);
      const attempts = await attemptsOf(events.map((e) => e.id));
      expect(attempts.length).toBeGreaterThanOrEqual(events.length);
      expect(attempts.filter((a) => a.status_code !== 200 || !a.succeeded)).toEqual([]);

      const db = await getDb();
      const stored = await asPlatform(() =>
        db
          .select()
          .from(billingEvents)
          .where(
            inArray(
              billingEvents.stripeEventId,
              events.map((e) => e.id),
            ),
          ),
      );
      expect(stored.map((row) => row.status)).toEqual(events.map(() => "processed"));
      const objectIds = events.map((e) => {
        const object = e.data.object as { id: string; subscription?: string | null; payment_intent?: string | null };
        return e.type === "checkout.session.completed"
          ? (object.subscription ?? object.payment_intent ?? "")
          : object.id;
      });
      expect(await mirrorRows(event, objectIds)).toBeGreaterThan(0);
    },
    90_000,
  );

  it("applied every event the triggers caused, not only the triggered ones", async () => {
    const db = await getDb();
    const response = await fetch(`${sandboxUrl}/_sandbox/accounts/${platform.id}/deliveries?mode=test`);
    const ours = ((await response.json()) as { data: Attempt[] }).data.map((a) => a.event_id);
    const stored = await asPlatform(() =>
      db.select({ status: billingEvents.status }).from(billingEvents).where(inArray(billingEvents.stripeEventId, ours)),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.status === "processed")).toBe(true);
  });
});
