import { execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orders, webhookDeliveries, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { attachPaymentIntent, createPendingOrder } from "@/lib/orders/orders";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { createSandboxAccount, sandboxStripe, type SandboxAccount } from "@/test/sandbox-account";
import { startStoreWebhookServer, type StoreWebhookServer } from "@/test/store-webhook-server";
import { spawnStripeCli, STRIPE_CLI, stopStripeCli } from "@/test/stripe-cli";

/*
 * The seed's local workflow, offline: `stripe listen --forward-to <the store's webhook>`
 * against the sandbox, the owner pastes the secret it prints into Dashboard Settings, and
 * `stripe trigger` (or a real payment) reaches the store, verified.
 */

const sandboxUrl = inject("stripeSandboxUrl");
const run = promisify(execFile);

let home: string;
let account: SandboxAccount;
let store: Store;
let server: StoreWebhookServer;
let listener: ChildProcess;
let output = "";

const cliEnv = () => ({ ...process.env, HOME: home, XDG_CONFIG_HOME: home, STRIPE_CLI_TELEMETRY_OPTOUT: "1" });
const apiFlags = () => ["--api-base", sandboxUrl, "--api-key", account.keys.test.secret];

beforeAll(async () => {
  await getDb();
  home = mkdtempSync(join(tmpdir(), "storehost-listen-"));
  account = await createSandboxAccount();
  const owner = await createOwnerWithStore();
  store = owner.store;
  server = await startStoreWebhookServer(() => store);

  const printed = await run(STRIPE_CLI, ["listen", "--print-secret", ...apiFlags()], {
    env: cliEnv(),
    timeout: 30_000,
  });
  const secret = /whsec_[A-Za-z0-9]+/.exec(printed.stdout)?.[0];
  expect(secret, printed.stdout + printed.stderr).toBeTruthy();
  // What the owner does: the secret `stripe listen` printed goes into Dashboard Settings.
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    testWebhookSecret: secret!,
  });

  listener = spawnStripeCli(
    ["listen", "--all-snapshot", "--forward-to", server.url, "--skip-update", ...apiFlags()],
    cliEnv(),
  );
  listener.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  listener.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await waitFor(
    () => output.includes("Ready!") && output.includes(secret!),
    20_000,
    () => output,
  );
});

afterAll(async () => {
  if (listener) stopStripeCli(listener);
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out: ${explain()}`);
}

async function deliveriesOf(type: string) {
  const db = await getDb();
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.storeId, store.id), eq(webhookDeliveries.eventType, type)));
}

describe("stripe listen --forward-to the store's webhook", () => {
  it("forwards a triggered event, which the store verifies with the printed secret", async () => {
    await run(STRIPE_CLI, ["trigger", "payment_intent.succeeded", ...apiFlags()], { env: cliEnv(), timeout: 60_000 });
    await waitFor(
      async () => (await deliveriesOf("payment_intent.succeeded")).length > 0,
      15_000,
      () => output,
    );
    const [delivery] = await deliveriesOf("payment_intent.succeeded");
    // Verified and stored; the trigger's payment is for no order of this store.
    expect(delivery).toMatchObject({ httpStatus: 200, outcome: "ignored" });
    expect(output).toMatch(/\[200\] POST/);
  });

  it("a real payment for a store order arrives through the CLI and pays the order", async () => {
    const { product } = await createProductWithFile(store, { priceAmount: 900 });
    const order = await createPendingOrder(store.id, {
      mode: "test",
      email: "buyer@example.test",
      lines: [{ productId: product.id, quantity: 1 }],
    });
    const stripe = sandboxStripe(account.keys.test.secret);
    const intent = await stripe.paymentIntents.create({
      amount: 900,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { order_id: order.id, store_id: store.id },
    });
    await attachPaymentIntent(store.id, order.id, intent.id);
    await stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });

    const db = await getDb();
    await waitFor(
      async () => (await db.select().from(orders).where(eq(orders.id, order.id)))[0]?.status === "paid",
      15_000,
      () => output,
    );
  });
});
