import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  deliveries,
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";

let sandbox: TestSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.reply = () => ({ status: 200 });
});

async function freshAccount(): Promise<{ account: TestAccount; stripe: Stripe }> {
  const account = await sandbox.createAccount();
  return { account, stripe: sandbox.stripe(account.keys.test.secret) };
}

describe("webhook endpoints", () => {
  it("creates (with a whsec_ secret shown once), lists, updates and deletes", async () => {
    const { stripe } = await freshAccount();
    const endpoint = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/hook`,
      enabled_events: ["charge.succeeded"],
      description: "shop",
    });
    expect(endpoint).toMatchObject({
      object: "webhook_endpoint",
      status: "enabled",
      livemode: false,
      enabled_events: ["charge.succeeded"],
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    expect((await stripe.webhookEndpoints.list()).data.map((item) => item.id)).toEqual([endpoint.id]);
    const updated = await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ["*"], disabled: true });
    expect(updated).toMatchObject({ enabled_events: ["*"], status: "disabled" });
    const deleted = await stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted).toEqual({ id: endpoint.id, object: "webhook_endpoint", deleted: true });
    expect((await stripe.webhookEndpoints.list()).data).toHaveLength(0);
  });

  it("rejects an endpoint without a usable URL or events", async () => {
    const { stripe } = await freshAccount();
    await expect(
      stripe.webhookEndpoints.create({ url: "ftp://example.com", enabled_events: ["*"] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "url" });
    await expect(
      stripe.webhookEndpoints.create({ url: `${receiver.url}/x`, enabled_events: [] }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("delivery", () => {
  it("POSTs the events an endpoint asked for, signed so constructEvent verifies them", async () => {
    const { stripe } = await freshAccount();
    const endpoint = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/shop/webhook`,
      enabled_events: ["payment_intent.succeeded", "charge.succeeded"],
    });
    const intent = await stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      payment_method: "pm_card_visa",
      confirm: true,
    });
    await waitFor(() => receiver.received.length >= 2);
    await sandbox.sandbox.deliveriesSettled();
    expect(receiver.received).toHaveLength(2);
    const events = receiver.received.map((request) => {
      expect(request.path).toBe("/shop/webhook");
      expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(request.headers["user-agent"]).toBe("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
      expect(request.headers["stripe-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      return stripe.webhooks.constructEvent(
        request.body,
        String(request.headers["stripe-signature"]),
        endpoint.secret ?? "",
      );
    });
    expect(events.map((event) => event.type).sort()).toEqual(["charge.succeeded", "payment_intent.succeeded"]);
    const succeeded = events.find((event) => event.type === "payment_intent.succeeded");
    expect(succeeded?.data.object).toMatchObject({ id: intent.id, status: "succeeded", amount_received: 4200 });
    expect(succeeded?.request?.id).toMatch(/^req_/);
    expect(() =>
      stripe.webhooks.constructEvent(
        receiver.received[0]?.body ?? "",
        String(receiver.received[0]?.headers["stripe-signature"]),
        "whsec_wrong",
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const retrieved = await stripe.events.retrieve(succeeded?.id ?? "");
    expect(retrieved.pending_webhooks).toBe(0);
  });

  it("retries after a 500 with backoff and records every attempt", async () => {
    const { account, stripe } = await freshAccount();
    receiver.reply = (_request, index) =>
      index < 2 ? { status: 500, body: "database down" } : { status: 200, body: "ok" };
    await stripe.webhookEndpoints.create({ url: `${receiver.url}/hook`, enabled_events: ["customer.created"] });
    const customer = await stripe.customers.create({ email: "retry@example.com" });
    const attempts = await waitFor(async () => {
      const recorded = await deliveries(sandbox.url, account.id);
      return recorded.length >= 3 ? recorded : undefined;
    });
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status_code, attempt.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(attempts[0]).toMatchObject({
      event_type: "customer.created",
      response_excerpt: "database down",
      error: "HTTP 500",
    });
    expect(attempts[0]?.next_retry_at).toBeGreaterThan(0);
    expect(attempts[2]?.next_retry_at).toBeNull();
    expect(attempts[2]?.duration_ms).toBeGreaterThanOrEqual(0);
    const bodies = receiver.received.map(
      (request) => JSON.parse(request.body) as { id: string; data: { object: { id: string } } },
    );
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(bodies[0]?.data.object.id).toBe(customer.id);
    expect(receiver.received[1]!.at - receiver.received[0]!.at).toBeGreaterThanOrEqual(5);
  });

  it("does not follow redirects and counts them as failures", async () => {
    const { account, stripe } = await freshAccount();
    receiver.reply = (request) => (request.path === "/moved" ? { status: 302, location: "/target" } : { status: 200 });
    await stripe.webhookEndpoints.create({ url: `${receiver.url}/moved`, enabled_events: ["product.created"] });
    await stripe.products.create({ name: "Redirected" });
    const attempts = await waitFor(async () => {
      const recorded = await deliveries(sandbox.url, account.id);
      return recorded.length >= 4 ? recorded : undefined;
    });
    expect(attempts.every((attempt) => attempt.status_code === 302 && !attempt.succeeded)).toBe(true);
    expect(attempts[0]?.error).toBe("Redirect to /target not followed");
    expect(attempts.at(-1)?.next_retry_at).toBeNull();
    expect(receiver.received.some((request) => request.path === "/target")).toBe(false);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const slow = await startTestSandbox({ webhookTimeoutMs: 100, retryScale: 1 });
    try {
      const account = await slow.createAccount();
      const stripe = slow.stripe(account.keys.test.secret);
      receiver.reply = () => ({ status: 200, delayMs: 1000 });
      await stripe.webhookEndpoints.create({ url: `${receiver.url}/slow`, enabled_events: ["customer.created"] });
      await stripe.customers.create({ email: "slow@example.com" });
      const [attempt] = await waitFor(async () => {
        const recorded = await deliveries(slow.url, account.id);
        return recorded.length >= 1 ? recorded : undefined;
      });
      expect(attempt).toMatchObject({ status_code: null, succeeded: false, error: "Timed out after 100 ms" });
      expect(attempt?.next_retry_at).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      await slow.close();
    }
  });

  it("delivers to *.localhost hosts through loopback", async () => {
    const { account, stripe } = await freshAccount();
    await stripe.webhookEndpoints.create({
      url: `http://demo.localhost:${receiver.port}/shop/webhook`,
      enabled_events: ["customer.created"],
    });
    await stripe.customers.create({ email: "localhost@example.com" });
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]?.headers.host).toBe(`demo.localhost:${receiver.port}`);
    const [attempt] = await deliveries(sandbox.url, account.id);
    expect(attempt).toMatchObject({
      succeeded: true,
      status_code: 200,
      endpoint_url: `http://demo.localhost:${receiver.port}/shop/webhook`,
    });
  });

  it("sends nothing to disabled endpoints or to the other mode", async () => {
    const { account, stripe } = await freshAccount();
    const disabled = await stripe.webhookEndpoints.create({ url: `${receiver.url}/disabled`, enabled_events: ["*"] });
    await stripe.webhookEndpoints.update(disabled.id, { disabled: true });
    await sandbox
      .stripe(account.keys.live.secret)
      .webhookEndpoints.create({ url: `${receiver.url}/live`, enabled_events: ["*"] });
    await stripe.customers.create({ email: "quiet@example.com" });
    await sandbox.sandbox.deliveriesSettled();
    expect(receiver.received).toHaveLength(0);
  });

  it("resends an event on request, as the dashboard button does", async () => {
    const { account, stripe } = await freshAccount();
    await stripe.webhookEndpoints.create({ url: `${receiver.url}/hook`, enabled_events: ["customer.created"] });
    await stripe.customers.create({ email: "again@example.com" });
    await waitFor(() => receiver.received.length === 1);
    const [event] = (await stripe.events.list({ type: "customer.created" })).data;
    const response = await fetch(`${sandbox.url}/_sandbox/events/${event?.id ?? ""}/resend`, { method: "POST" });
    const resent = (await response.json()) as { data: Array<{ attempt: number; manual: boolean; succeeded: boolean }> };
    expect(resent.data).toEqual([expect.objectContaining({ attempt: 2, manual: true, succeeded: true })]);
    expect(receiver.received).toHaveLength(2);
    expect((await deliveries(sandbox.url, account.id)).map((attempt) => attempt.manual)).toEqual([false, true]);
  });
});

describe("events API", () => {
  it("retrieves and lists events with type and created filters", async () => {
    const { stripe } = await freshAccount();
    const started = Math.floor(Date.now() / 1000);
    await stripe.customers.create({ email: "events@example.com" });
    await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const all = await stripe.events.list();
    expect(all.data.map((event) => event.type)).toEqual([
      // Captured asynchronously (Stripe's default): the balance transaction follows the success.
      "charge.updated",
      "payment_intent.succeeded",
      "charge.succeeded",
      "payment_intent.created",
      "customer.created",
    ]);
    const onlyIntents = await stripe.events.list({ type: "payment_intent.*" });
    expect(onlyIntents.data.map((event) => event.type)).toEqual(["payment_intent.succeeded", "payment_intent.created"]);
    const chosen = await stripe.events.list({ types: ["customer.created", "charge.succeeded"] });
    expect(chosen.data).toHaveLength(2);
    expect((await stripe.events.list({ created: { gte: started } })).data).toHaveLength(5);
    expect((await stripe.events.list({ created: { lt: started } })).data).toHaveLength(0);
    const first = all.data[4];
    const retrieved = await stripe.events.retrieve(first?.id ?? "");
    expect(retrieved).toMatchObject({
      object: "event",
      type: "customer.created",
      livemode: false,
      api_version: Stripe.API_VERSION,
    });
  });
});
