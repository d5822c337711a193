import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import {
  deliveries,
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type ReceivedWebhook,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";
import { planChaosDelivery } from "./chaos";
import { DEFAULT_CHAOS_WINDOW_MS, deliverySettingsFromEnv } from "./delivery-settings";
import { seededStream } from "./prng";

const CHAOS_SEED = 20261124;
const WINDOW_MS = 150;

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.reply = () => ({ status: 200 });
});

type DeliveryBody = Record<string, unknown>;

async function deliveryCall(
  sandbox: TestSandbox,
  accountId: string,
  method: "GET" | "POST" | "DELETE",
  body?: DeliveryBody | string,
) {
  const response = await fetch(`${sandbox.url}/_sandbox/accounts/${accountId}/delivery`, {
    method,
    ...(body === undefined
      ? {}
      : typeof body === "string"
        ? { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body }
        : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function customerOf(request: ReceivedWebhook): string {
  return (JSON.parse(request.body) as { data: { object: { id: string } } }).data.object.id;
}

function eventOf(request: ReceivedWebhook): string {
  return (JSON.parse(request.body) as { id: string }).id;
}

/**
 * Most requests the receiver held at once, when it answers each `replyDelayMs` after it
 * arrived: a request overlaps every other that arrived before its answer was sent.
 */
function maxConcurrent(requests: ReceivedWebhook[], replyDelayMs: number): number {
  return Math.max(
    0,
    ...requests.map(
      (request) => requests.filter((other) => other.at <= request.at && request.at < other.at + replyDelayMs).length,
    ),
  );
}

function countBy<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Distinct values in the order they first appear. */
function firstAppearances<T>(items: T[]): T[] {
  return [...new Set(items)];
}

async function createCustomers(stripe: Stripe, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push((await stripe.customers.create({ email: `${label}${index}@example.com` })).id);
  }
  return ids;
}

describe("the chaos plan", () => {
  it("is a function of the seed", () => {
    const plans = (seed: number) => {
      const random = seededStream(seed);
      return Array.from({ length: 50 }, () => planChaosDelivery(random, 250).sendDelaysMs);
    };
    expect(plans(7)).toEqual(plans(7));
    expect(plans(8)).not.toEqual(plans(7));
  });

  it("sends once to three times, within the window, some a window or two late", () => {
    const random = seededStream(CHAOS_SEED);
    const plans = Array.from({ length: 1000 }, () => planChaosDelivery(random, 200).sendDelaysMs);
    const copies = countBy(plans.map((sends) => sends.length));
    expect([...copies.keys()].sort()).toEqual([1, 2, 3]);
    expect(copies.get(1)).toBeGreaterThan(copies.get(2) ?? 0);
    expect(plans.every(([first = -1]) => first >= 0 && first < 600)).toBe(true);
    expect(plans.some(([first = 0]) => first >= 200)).toBe(true);
    expect(plans.every((sends) => sends.slice(1).every((delay) => delay >= 0 && delay < 400))).toBe(true);
    // No window: no holding, but duplicates still come.
    const immediate = Array.from({ length: 100 }, () => planChaosDelivery(random, 0).sendDelaysMs);
    expect(immediate.flat().every((delay) => delay === 0)).toBe(true);
    expect(immediate.some((sends) => sends.length > 1)).toBe(true);
  });
});

describe("settings from the environment", () => {
  const pickSeed = () => 1234;

  it("defaults to ordered delivery with a fresh seed and a 250 ms window", () => {
    expect(deliverySettingsFromEnv({}, pickSeed)).toEqual({
      delivery: { mode: "ordered", seed: 1234, windowMs: DEFAULT_CHAOS_WINDOW_MS },
    });
    expect(deliverySettingsFromEnv({ SANDBOX_DELIVERY: "", SANDBOX_CHAOS_SEED: " " }, pickSeed).delivery.seed).toBe(
      1234,
    );
  });

  it("reads chaos, the seed and the window", () => {
    expect(
      deliverySettingsFromEnv(
        { SANDBOX_DELIVERY: "chaos", SANDBOX_CHAOS_SEED: "4294967295", SANDBOX_CHAOS_WINDOW_MS: "0" },
        pickSeed,
      ),
    ).toEqual({ delivery: { mode: "chaos", seed: 4294967295, windowMs: 0 } });
  });

  it("refuses a malformed value, naming the variable", () => {
    expect(() => deliverySettingsFromEnv({ SANDBOX_DELIVERY: "random" })).toThrow(
      'SANDBOX_DELIVERY must be one of ordered, chaos, got "random"',
    );
    for (const seed of ["-1", "1.5", "abc", "4294967296"]) {
      expect(() => deliverySettingsFromEnv({ SANDBOX_CHAOS_SEED: seed })).toThrow(/^SANDBOX_CHAOS_SEED must be/);
    }
    for (const window of ["-5", "fast", "60001"]) {
      expect(() => deliverySettingsFromEnv({ SANDBOX_CHAOS_WINDOW_MS: window })).toThrow(
        /^SANDBOX_CHAOS_WINDOW_MS must be/,
      );
    }
  });

  it("refuses bad options given to startSandbox", async () => {
    await expect(startTestSandbox({ delivery: { mode: "chaos", windowMs: -1 } })).rejects.toThrow(
      /delivery\.windowMs must be/,
    );
    await expect(startTestSandbox({ delivery: { seed: 2.5 } })).rejects.toThrow(/delivery\.seed must be/);
  });
});

describe("chaos delivery (global)", () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ delivery: { mode: "chaos", seed: CHAOS_SEED, windowMs: WINDOW_MS } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function freshAccount(): Promise<{ account: TestAccount; stripe: Stripe }> {
    const account = await sandbox.createAccount();
    return { account, stripe: sandbox.stripe(account.keys.test.secret) };
  }

  it("delivers every event at least once, some two or three times, shuffled and concurrently", async () => {
    const { account, stripe } = await freshAccount();
    const replyDelayMs = 40;
    receiver.reply = (request) =>
      request.path === "/failing" ? { status: 500, body: "down" } : { status: 200, delayMs: replyDelayMs };
    const ok = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/ok`,
      enabled_events: ["customer.created"],
    });
    const failing = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/failing`,
      enabled_events: ["customer.created"],
    });
    const created = await createCustomers(stripe, 30, "chaos");
    // Held first attempts count as running; the failing endpoint's retries are due within
    // ~1 s at this retry scale (6 ms, 180 ms, 720 ms).
    await sandbox.sandbox.deliveriesSettled(2_000);

    const arrivals = receiver.received.filter((request) => request.path === "/ok");
    const counts = countBy(arrivals.map(customerOf));
    expect(created.filter((id) => !counts.has(id))).toEqual([]);
    expect(counts.size).toBe(30);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
    expect([...counts.values()].filter((count) => count >= 2).length).toBeGreaterThanOrEqual(2);

    const firstArrivals = firstAppearances(arrivals.map(customerOf));
    expect(firstArrivals).not.toEqual(created);
    expect([...firstArrivals].sort()).toEqual([...created].sort());
    expect(maxConcurrent(arrivals, replyDelayMs)).toBeGreaterThanOrEqual(2);

    // A duplicate is the same payload, signed again, and verifies like the first.
    const byEvent = new Map<string, ReceivedWebhook[]>();
    for (const request of arrivals) byEvent.set(eventOf(request), [...(byEvent.get(eventOf(request)) ?? []), request]);
    const duplicated = [...byEvent.values()].filter((copies) => copies.length > 1);
    expect(duplicated.length).toBeGreaterThanOrEqual(2);
    for (const copies of duplicated) {
      expect(new Set(copies.map((copy) => copy.body)).size).toBe(1);
      for (const copy of copies) {
        const event = stripe.webhooks.constructEvent(
          copy.body,
          String(copy.headers["stripe-signature"]),
          ok.secret ?? "",
        );
        expect(event.type).toBe("customer.created");
      }
    }

    // Every POST is in the ledger; duplicates are first attempts too.
    const recorded = await deliveries(sandbox.url, account.id);
    const okAttempts = recorded.filter((attempt) => attempt.endpoint_id === ok.id);
    expect(okAttempts).toHaveLength(arrivals.length);
    expect(okAttempts.every((attempt) => attempt.attempt === 1 && attempt.succeeded)).toBe(true);
    expect(recorded.filter((attempt) => attempt.endpoint_id === failing.id)).toHaveLength(
      receiver.received.filter((request) => request.path === "/failing").length,
    );

    // The failing endpoint still gets Stripe's schedule once per event: 1, 2, 3, 4, then nothing.
    for (const eventId of byEvent.keys()) {
      const attempts = recorded.filter((attempt) => attempt.endpoint_id === failing.id && attempt.event_id === eventId);
      expect(attempts.map((attempt) => attempt.attempt).filter((number) => number > 1)).toEqual([2, 3, 4]);
      expect(attempts.filter((attempt) => attempt.attempt === 1).length).toBeGreaterThanOrEqual(1);
      expect(attempts.every((attempt) => !attempt.succeeded)).toBe(true);
      expect(attempts.find((attempt) => attempt.attempt === 4)?.next_retry_at).toBeNull();
    }

    // pending_webhooks counts endpoints, not POSTs: /ok's duplicates do not count twice, /failing never succeeded.
    const events = await stripe.events.list({ type: "customer.created", limit: 100 });
    expect(events.data).toHaveLength(30);
    expect(events.data.map((event) => event.pending_webhooks)).toEqual(Array(30).fill(1));
  });

  it("replays the same arrival sequence from the same seed, and another from another seed", async () => {
    const { account, stripe } = await freshAccount();
    await stripe.webhookEndpoints.create({ url: `${receiver.url}/replay`, enabled_events: ["customer.created"] });
    const burstSize = 15;

    /** Arrivals as positions in the order the sandbox recorded the events (the order the plan is drawn in). */
    async function burst(seed: number): Promise<number[]> {
      receiver.received.length = 0;
      // A wide window keeps all 15 events in one window even on a busy machine.
      const set = await deliveryCall(sandbox, account.id, "POST", { mode: "chaos", seed, window_ms: 300 });
      expect(set.status).toBe(200);
      await Promise.all(
        Array.from({ length: burstSize }, (_, index) =>
          stripe.customers.create({ email: `replay${seed}-${index}@example.com` }),
        ),
      );
      await sandbox.sandbox.deliveriesSettled();
      const events = await stripe.events.list({ type: "customer.created", limit: burstSize });
      const recordedOrder = events.data.map((event) => event.id).reverse();
      return receiver.received.map((request) => recordedOrder.indexOf(eventOf(request)));
    }

    const first = await burst(41);
    const again = await burst(41);
    const other = await burst(42);
    expect(first.length).toBeGreaterThanOrEqual(burstSize);
    expect(first).not.toContain(-1);
    expect(firstAppearances(first)).not.toEqual([...Array(burstSize).keys()]);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("lets an account opt into ordered delivery, and DELETE returns it to the global chaos", async () => {
    const { account, stripe } = await freshAccount();
    const replyDelayMs = 20;
    receiver.reply = () => ({ status: 200, delayMs: replyDelayMs });
    await stripe.webhookEndpoints.create({ url: `${receiver.url}/ordered`, enabled_events: ["customer.created"] });

    expect((await deliveryCall(sandbox, account.id, "GET")).json).toEqual({
      object: "sandbox.delivery_settings",
      account: account.id,
      mode: "chaos",
      seed: CHAOS_SEED,
      window_ms: WINDOW_MS,
      source: "global",
    });
    const set = await deliveryCall(sandbox, account.id, "POST", "mode=ordered");
    expect(set).toEqual({
      status: 200,
      json: expect.objectContaining({ mode: "ordered", seed: CHAOS_SEED, window_ms: WINDOW_MS, source: "account" }),
    });

    const created = await createCustomers(stripe, 8, "ordered");
    await sandbox.sandbox.deliveriesSettled();
    expect(receiver.received.map(customerOf)).toEqual(created);
    expect(maxConcurrent(receiver.received, replyDelayMs)).toBe(1);

    const cleared = await deliveryCall(sandbox, account.id, "DELETE");
    expect(cleared.json).toMatchObject({ mode: "chaos", seed: CHAOS_SEED, source: "global" });
    expect((await deliveryCall(sandbox, account.id, "GET")).json).toMatchObject({ mode: "chaos", source: "global" });
  });

  it("saves first attempts still held at shutdown, so a restart delivers them", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "sandbox-chaos-"));
    const dataFile = path.join(directory, "state.json");
    try {
      const held = await startTestSandbox({ dataFile, delivery: { mode: "chaos", windowMs: 30_000 } });
      const account = await held.createAccount();
      const stripe = held.stripe(account.keys.test.secret);
      await stripe.webhookEndpoints.create({ url: `${receiver.url}/restart`, enabled_events: ["customer.created"] });
      const customer = await stripe.customers.create({ email: "held@example.com" });
      const closing = Date.now();
      await held.close();
      expect(Date.now() - closing).toBeLessThan(5_000);
      expect(receiver.received).toHaveLength(0);

      const restarted = await startTestSandbox({ dataFile });
      try {
        await waitFor(() => receiver.received.length === 1);
        expect(customerOf(receiver.received[0]!)).toBe(customer.id);
      } finally {
        await restarted.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("per-account delivery control (global ordered)", () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("switches one account to chaos, leaves the others ordered, and DELETE restores the global setting", async () => {
    const chaotic = await sandbox.createAccount();
    const calm = await sandbox.createAccount();
    const replyDelayMs = 60;
    receiver.reply = () => ({ status: 200, delayMs: replyDelayMs });
    for (const account of [chaotic, calm]) {
      await sandbox
        .stripe(account.keys.test.secret)
        .webhookEndpoints.create({ url: `${receiver.url}/${account.id}`, enabled_events: ["customer.created"] });
    }
    const globalSetting = (await deliveryCall(sandbox, chaotic.id, "GET")).json;
    expect(globalSetting).toMatchObject({ mode: "ordered", source: "global", window_ms: DEFAULT_CHAOS_WINDOW_MS });
    expect(globalSetting.seed).toEqual(expect.any(Number));

    const set = await deliveryCall(sandbox, chaotic.id, "POST", { mode: "chaos", seed: 99, window_ms: 100 });
    expect(set).toEqual({
      status: 200,
      json: {
        object: "sandbox.delivery_settings",
        account: chaotic.id,
        mode: "chaos",
        seed: 99,
        window_ms: 100,
        source: "account",
      },
    });
    expect((await deliveryCall(sandbox, chaotic.id, "GET")).json).toEqual(set.json);
    expect((await deliveryCall(sandbox, calm.id, "GET")).json).toMatchObject({ mode: "ordered", source: "global" });

    const chaoticCustomers = await createCustomers(sandbox.stripe(chaotic.keys.test.secret), 10, "switched");
    const calmCustomers = await createCustomers(sandbox.stripe(calm.keys.test.secret), 5, "calm");
    await sandbox.sandbox.deliveriesSettled();
    const chaoticArrivals = receiver.received.filter((request) => request.path === `/${chaotic.id}`);
    const calmArrivals = receiver.received.filter((request) => request.path === `/${calm.id}`);
    expect(new Set(chaoticArrivals.map(customerOf))).toEqual(new Set(chaoticCustomers));
    expect(maxConcurrent(chaoticArrivals, replyDelayMs)).toBeGreaterThanOrEqual(2);
    expect(calmArrivals.map(customerOf)).toEqual(calmCustomers);

    const restored = await deliveryCall(sandbox, chaotic.id, "DELETE");
    expect(restored).toEqual({ status: 200, json: { ...globalSetting } });
    receiver.received.length = 0;
    const after = await createCustomers(sandbox.stripe(chaotic.keys.test.secret), 5, "restored");
    await sandbox.sandbox.deliveriesSettled();
    expect(receiver.received.map(customerOf)).toEqual(after);
    expect(maxConcurrent(receiver.received, replyDelayMs)).toBe(1);
  });

  it("refuses bad settings with Stripe-shaped 400s and keeps the previous one", async () => {
    const account = await sandbox.createAccount();
    await deliveryCall(sandbox, account.id, "POST", { mode: "chaos", seed: 5 });
    const refused: Array<[DeliveryBody | string, string, string, string]> = [
      [{}, "mode", "parameter_missing", "Missing required param: mode."],
      [{ mode: "random" }, "mode", "parameter_invalid", "Invalid mode: must be one of ordered, chaos"],
      [
        { mode: "chaos", seed: -1 },
        "seed",
        "parameter_invalid",
        "Invalid seed: must be an integer from 0 to 4294967295",
      ],
      ["mode=chaos&seed=abc", "seed", "parameter_invalid", "Invalid seed: must be an integer from 0 to 4294967295"],
      [
        { mode: "chaos", window_ms: 60_001 },
        "window_ms",
        "parameter_invalid",
        "Invalid window_ms: must be an integer number of milliseconds from 0 to 60000",
      ],
      [{ mode: "chaos", speed: "fast" }, "speed", "parameter_unknown", "Received unknown parameter: speed"],
    ];
    for (const [body, param, code, message] of refused) {
      const { status, json } = await deliveryCall(sandbox, account.id, "POST", body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error).toMatchObject({ type: "invalid_request_error", param, code, message });
    }

    const malformed = await fetch(`${sandbox.url}/_sandbox/accounts/${account.id}/delivery`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{mode: chaos",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: "invalid_request_error" } });

    expect((await deliveryCall(sandbox, account.id, "GET")).json).toMatchObject({
      mode: "chaos",
      seed: 5,
      source: "account",
    });
    const missing = await deliveryCall(sandbox, "acct_missing", "GET");
    expect(missing).toEqual({
      status: 404,
      json: { error: { type: "invalid_request_error", message: "No such account: 'acct_missing'" } },
    });
  });
});
