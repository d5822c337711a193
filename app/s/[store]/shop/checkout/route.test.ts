import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { orders, rateLimits, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { storeHost } from "@/lib/tenancy/host";
import { createOwnerWithStore, createProductWithFile } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { createSandboxAccount } from "@/test/sandbox-account";
import { POST } from "./route";

vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());

type Shop = { store: Store; productId: string };
let shop: Shop;

beforeAll(async () => {
  const { store } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
  });
  const { product } = await createProductWithFile(store, { priceAmount: 1250 });
  shop = { store, productId: product.id };
});

const newIp = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
const originOf = (store: Store) => `http://${storeHost(store.subdomain, env.ROOT_DOMAIN)}`;
const cart = (productId: string, line: Record<string, unknown> = {}) =>
  JSON.stringify({ email: "buyer@example.test", items: [{ productId, quantity: 1, ...line }] });

/** POST /shop/checkout on the store's host, as the store's own checkout page sends it unless told otherwise. */
async function checkout(
  target: Shop,
  init: { body?: string; headers?: Record<string, string | null>; ip?: string } = {},
) {
  const host = storeHost(target.store.subdomain, env.ROOT_DOMAIN);
  fakeRequest.host = host;
  const headers: Record<string, string> = {};
  const wanted = {
    host,
    "content-type": "application/json",
    origin: originOf(target.store),
    "sec-fetch-site": "same-origin",
    "x-forwarded-for": init.ip ?? newIp(),
    ...init.headers,
  };
  for (const [name, value] of Object.entries(wanted)) if (value !== null) headers[name] = value;
  const request = new NextRequest(`${originOf(target.store)}/shop/checkout`, {
    method: "POST",
    headers,
    body: init.body ?? cart(target.productId),
  });
  try {
    const response = await POST(request, { params: Promise.resolve({ store: target.store.subdomain }) });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, body };
  } finally {
    // The request is over: what the test does next runs outside it, as the platform.
    fakeRequest.host = "";
  }
}

async function orderCount(store: Store) {
  const db = await getDb();
  return (await db.select({ id: orders.id }).from(orders).where(eq(orders.storeId, store.id))).length;
}

describe("POST /shop/checkout", () => {
  it("opens an order for the store's own page, and for a client that sends no browser headers", async () => {
    expect(await checkout(shop)).toMatchObject({ status: 201, body: { amount: 1250, currency: "usd" } });
    const bare = await checkout(shop, { headers: { origin: null, "sec-fetch-site": null } });
    expect(bare.status).toBe(201);
    // A charset parameter is still JSON.
    const charset = await checkout(shop, { headers: { "content-type": "application/json; charset=utf-8" } });
    expect(charset.status).toBe(201);
  });

  it("refuses a body that is not declared as JSON with 415", async () => {
    const before = await orderCount(shop.store);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const response = await checkout(shop, { headers: { "content-type": type } });
      expect(response.status, String(type)).toBe(415);
    }
    expect(await orderCount(shop.store)).toBe(before);
  });

  it("refuses another origin with 403, other stores included", async () => {
    const other = await createOwnerWithStore();
    const before = await orderCount(shop.store);
    const refused: Record<string, string | null>[] = [
      { origin: "https://evil.example" },
      { origin: originOf(other.store) },
      { origin: originOf(shop.store).replace("http:", "https:") },
      { origin: "null" },
      { origin: null, "sec-fetch-site": "cross-site" },
      // Another store is same-site (a sibling subdomain), which is not the same origin.
      { origin: null, "sec-fetch-site": "same-site" },
    ];
    for (const headers of refused) {
      const response = await checkout(shop, { headers });
      expect(response, JSON.stringify(headers)).toMatchObject({ status: 403, body: { code: "cross_origin" } });
    }
    // A navigation typed into the address bar is `none`.
    expect((await checkout(shop, { headers: { origin: null, "sec-fetch-site": "none" } })).status).toBe(201);
    expect(await orderCount(shop.store)).toBe(before + 1);
  });

  it("takes quantities and amounts only as small whole JSON numbers", async () => {
    const before = await orderCount(shop.store);
    const refused = [
      { quantity: "1e2" },
      { quantity: "100" },
      { quantity: "1" },
      { quantity: 1.5 },
      { quantity: true },
      { quantity: null },
      { quantity: [1] },
      { quantity: 0 },
      { quantity: 101 },
      { quantity: -1 },
      { amount: "500" },
      { amount: 5.5 },
      { amount: -1 },
      { amount: false },
    ];
    for (const line of refused) {
      const response = await checkout(shop, { body: cart(shop.productId, line) });
      expect(response, JSON.stringify(line)).toMatchObject({ status: 400, body: { code: "invalid_input" } });
    }
    expect(await orderCount(shop.store)).toBe(before);
    expect((await checkout(shop, { body: cart(shop.productId, { quantity: 100 }) })).status).toBe(201);
  });

  it("refuses the 31st checkout of one client on one store with 429 and Retry-After", async () => {
    // A store that cannot take payments refuses each checkout at once; each still counts.
    const { store } = await createOwnerWithStore();
    const busy = { store, productId: shop.productId };
    const ip = newIp();
    for (let i = 0; i < 30; i++) expect((await checkout(busy, { ip })).status).not.toBe(429);
    const refused = await checkout(busy, { ip });
    expect(refused).toMatchObject({
      status: 429,
      body: { code: "throttled", error: "Too many attempts, try again in 10 minutes." },
    });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    // Other shoppers of this store, and this shopper on another store, carry on.
    expect((await checkout(busy, { ip: newIp() })).status).not.toBe(429);
    expect((await checkout(shop, { ip })).status).toBe(201);

    // While locked out, the client's attempts no longer use up the store's allowance.
    const db = await getDb();
    const storeCount = async () =>
      (
        await db
          .select()
          .from(rateLimits)
          .where(eq(rateLimits.key, `t:checkout_store:${store.id}`))
      )[0]?.points;
    const counted = await storeCount();
    expect((await checkout(busy, { ip })).status).toBe(429);
    expect(await storeCount()).toBe(counted);
  });

  it("stops a flood of checkouts on one store from every client at its ceiling", async () => {
    const { store } = await createOwnerWithStore();
    const flooded = { store, productId: shop.productId };
    expect((await checkout(flooded)).status).not.toBe(429);
    // The store has had its 600 checkouts in this window (as if from 600 clients).
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ points: 600 })
      .where(eq(rateLimits.key, `t:checkout_store:${store.id}`));
    const refused = await checkout(flooded, { ip: newIp() });
    expect(refused).toMatchObject({ status: 429, body: { code: "throttled" } });
    expect((await checkout(flooded, { ip: newIp() })).status).toBe(429);
  });
});
