import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { storeHost } from "@/lib/tenancy/host";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { GET } from "./route";

// Its own file, so its own process: memory freed by other tests would blur the figure.
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

afterEach(() => {
  fakeRequest.host = "";
  fakeRequest.user = null;
});

const ORDERS = 100_000;
const MB = 1_000_000;

describe("the orders CSV export of a big store", () => {
  it(`streams ${ORDERS.toLocaleString("en")} orders with the heap staying flat`, { timeout: 180_000 }, async () => {
    const owner = await createOwnerWithStore();
    const db = await getDb();
    // Generated in SQL: a second, not minutes. Emails are long on purpose, so the CSV is big.
    await db.execute(sql`
      insert into orders (store_id, mode, status, email, currency, subtotal_amount, total_amount, paid_at, created_at)
      select ${owner.store.id}, 'live', 'paid', 'buyer-' || g || '-with-a-rather-long-address@example.test', 'usd',
             1000 + g % 500, 1000 + g % 500, now() - g * interval '1 second', now() - g * interval '1 second'
      from generate_series(1, ${ORDERS}) g
    `);
    fakeRequest.host = storeHost(owner.store.subdomain, env.ROOT_DOMAIN);
    fakeRequest.user = owner.user;
    const request = () =>
      GET(new Request(`http://${fakeRequest.host}/admin/orders/export`), {
        params: Promise.resolve({ store: owner.store.subdomain }),
      });

    // Pays one-time costs (modules, the first query plans) before the baseline.
    const warmUp = (await request()).body!.getReader();
    await warmUp.read();
    await warmUp.cancel();
    const retained = () => {
      globalThis.gc!();
      return process.memoryUsage().heapUsed;
    };
    const before = retained();

    // What the export holds on to as it goes: the heap after a collection, every ~1 MB.
    const response = await request();
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const samples: number[] = [];
    let bytes = 0;
    let lines = 0;
    let nextSampleAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      lines += decoder.decode(value, { stream: true }).split("\n").length - 1;
      if (bytes >= nextSampleAt) {
        samples.push(retained() - before);
        nextSampleAt = bytes + MB;
      }
    }
    const peak = Math.max(...samples);
    const half = Math.floor(samples.length / 2);
    console.info(
      `CSV of ${ORDERS} orders: ${(bytes / MB).toFixed(1)} MB streamed; retained heap +${(peak / MB).toFixed(1)} MB at most over ${samples.length} samples`,
    );
    expect(lines).toBe(ORDERS + 1);
    expect(bytes).toBeGreaterThan(10 * MB);
    // Flat: what is held never nears the size of the export, and does not grow with progress
    // (buffering would hold every order, or the whole CSV, and grow to the end).
    expect(peak).toBeLessThan(bytes / 4);
    expect(Math.max(...samples.slice(half))).toBeLessThan(Math.max(...samples.slice(0, half)) + 2 * MB);
  });
});
