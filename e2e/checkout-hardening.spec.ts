import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { rawRequest } from "./http";
import { storeOrigin } from "./pages/store-pages";

// POST /shop/checkout through the running server (middleware, host routing and all): only
// JSON from the store's own origin, only whole quantities, and a throttle per client.
const demo = storeOrigin("demo");
let productId: string;

test.beforeAll(async () => {
  const page = await rawRequest(`${demo}/products/calm-tone-sample`);
  productId = /data-product-id="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? "";
  expect(productId, "product page exposes its id").toBeTruthy();
});

/** A client address of its own (the server trusts the last X-Forwarded-For entry with no proxies configured). */
const newIp = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;

function checkout(init: { headers?: Record<string, string>; quantity?: unknown; ip?: string } = {}) {
  return rawRequest(`${demo}/shop/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": init.ip ?? newIp(), ...init.headers },
    body: JSON.stringify({ email: "hardening@example.test", items: [{ productId, quantity: init.quantity ?? 1 }] }),
  });
}

/** Whether the cart got past every guard (201, or 409 while the demo store has no Stripe keys yet). */
const reachedCheckout = (status: number) => [201, 409].includes(status);

test("only JSON from the store's own origin reaches checkout", async () => {
  expect(reachedCheckout((await checkout({ headers: { origin: demo } })).status)).toBe(true);
  expect((await checkout({ headers: { "content-type": "text/plain" } })).status).toBe(415);
  expect((await checkout({ headers: { origin: "https://evil.example" } })).status).toBe(403);
  expect((await checkout({ headers: { origin: storeOrigin("other") } })).status).toBe(403);
  expect((await checkout({ headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
});

test("a quantity must be a whole JSON number from 1 to 100", async () => {
  for (const quantity of ["1e2", "100", 1.5, true, 0, 101]) {
    const response = await checkout({ quantity });
    expect(response.status, JSON.stringify(quantity)).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: "invalid_input" });
  }
});

test("the 31st checkout of one client within 10 minutes gets 429 with Retry-After", async () => {
  const ip = newIp();
  for (let i = 0; i < 30; i++) expect((await checkout({ ip })).status).not.toBe(429);
  const refused = await checkout({ ip });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(9 * 60);
  expect(JSON.parse(refused.body)).toEqual({ error: "Too many attempts, try again in 10 minutes.", code: "throttled" });
  // Another shopper of the store is not held up.
  expect(reachedCheckout((await checkout()).status)).toBe(true);
});
