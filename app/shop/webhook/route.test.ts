import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/db/schema";
import { env } from "@/lib/env";
import { createStoreWithStripe } from "@/test/factories";
import { hostOf } from "@/test/store-surface";
import { paymentIntent, signed, stripeEvent } from "@/test/stripe-events";
import { MAX_WEBHOOK_BODY_BYTES } from "@/lib/webhooks/read-body";
import { listRefusals } from "@/lib/webhooks/refusals";
import { POST } from "./route";

let store: Store;
let secret: string;

beforeAll(async () => {
  const setup = await createStoreWithStripe();
  store = setup.store;
  secret = setup.keys.testWebhookSecret;
});

function post(body: BodyInit | null, headers: Record<string, string> = {}, host = hostOf(store)) {
  // Middleware never runs here: the route finds the store from the Host header alone.
  const request = new NextRequest(`http://${host}/shop/webhook/`, {
    method: "POST",
    body,
    headers: { host, ...headers },
    // undici needs this for a streamed body.
    duplex: "half",
  });
  return POST(request);
}

describe("POST /shop/webhook/: the store is the Host's", () => {
  it("answers 404 on the platform's own host, an unknown store's and a reserved one", async () => {
    for (const host of [env.ROOT_DOMAIN, `no-such-store-${Date.now()}.${env.ROOT_DOMAIN}`, `www.${env.ROOT_DOMAIN}`]) {
      const response = await post("{}", {}, host);
      expect({ host, status: response.status }).toEqual({ host, status: 404 });
      expect(await json(response)).toEqual({ error: "No store at this address." });
    }
  });
});

/** A body that never ends, counting what the route pulled from it. */
function endlessBody(chunkBytes = 64 * 1024) {
  const pulled = { bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

async function json(response: Response) {
  const text = await response.text();
  expect(response.headers.get("content-type")).toContain("application/json");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("POST /shop/webhook/: body size", () => {
  it("answers 413 to a body of 1 MiB + 1, and counts it as a refusal", async () => {
    const response = await post(" ".repeat(MAX_WEBHOOK_BODY_BYTES + 1));
    expect(response.status).toBe(413);
    expect(await json(response)).toMatchObject({ code: "body_too_large" });
    expect((await listRefusals(store.id)).find((r) => r.code === "body_too_large")?.count).toBeGreaterThan(0);
  });

  it("reads a body of exactly 1 MiB", async () => {
    const response = await post(" ".repeat(MAX_WEBHOOK_BODY_BYTES));
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ code: "missing_signature" });
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, pulled } = endlessBody();
    const response = await post(stream, { "content-length": String(MAX_WEBHOOK_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    // A ReadableStream pulls once to fill its queue on creation, nothing more.
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("stops reading an endless body just past the limit", async () => {
    const { stream, pulled } = endlessBody();
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES + 3 * 64 * 1024);
    expect(pulled.cancelled).toBe(true);
  });
});

describe("POST /shop/webhook/: bad bodies get a 400 with JSON, never a 500", () => {
  it.each([
    ["a raw NUL byte", '{"id":"evt_1"}\u0000'],
    ["an escaped NUL in the id", '{"id":"evt_\\u0000"}'],
    ["invalid JSON", '{"id":'],
    ["an id that is not an event id", '{"id":["evt_1"]}'],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])("unsigned, with %s", async (_, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ code: "missing_signature", error: expect.any(String) });
  });

  it.each([
    ["a raw NUL byte", '{"id":"evt_1"}\u0000'],
    ["an escaped NUL in the id", '{"id":"evt_\\u0000"}'],
    ["invalid JSON", '{"id":'],
    ["an id that is not an event id", '{"id":"../../etc"}'],
  ])("signed, with %s", async (_, body) => {
    const response = await post(body, { "stripe-signature": signed(body, secret).header });
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      code: "not_an_event",
      error: expect.stringContaining("not a Stripe"),
    });
  });

  it("processes a real delivery end to end", async () => {
    const event = stripeEvent("payment_intent.succeeded", paymentIntent({ amount: 100 }));
    const { rawBody, header } = signed(event, secret);
    const response = await post(rawBody, { "stripe-signature": header });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ received: true, outcome: "ignored" });
  });
});
