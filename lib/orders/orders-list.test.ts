import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/pagination";
import { createOwnerWithStore } from "@/test/factories";
import { csvField, ordersCsvStream } from "./orders-csv";
import { eachOrder, listOrders } from "./orders";

/** `count` orders, one a minute apart (some in the same instant, to test the id tie-break). */
async function seedOrders(store: Store, count: number, email = (i: number) => `buyer${i}@example.test`) {
  const db = await getDb();
  const start = Date.parse("2026-01-01T00:00:00Z");
  const rows = Array.from({ length: count }, (_, i) => ({
    storeId: store.id,
    mode: i % 3 === 0 ? ("live" as const) : ("test" as const),
    status: "paid" as const,
    email: email(i),
    currency: "usd",
    subtotalAmount: 100 + i,
    totalAmount: 100 + i,
    createdAt: new Date(start + Math.floor(i / 2) * 60_000),
  }));
  return db.insert(orders).values(rows).returning();
}

describe("the orders list", () => {
  it("pages through every order exactly once, newest first, 50 at a time", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    const created = await seedOrders(store, 121);
    await seedOrders(other, 5);

    const seen: string[] = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = await listOrders(store.id, {}, { cursor });
      expect(page.rows.length).toBeLessThanOrEqual(50);
      seen.push(...page.rows.map((o) => o.id));
      cursor = decodeCursor(page.nextCursor);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(121);
    expect(seen.sort()).toEqual(created.map((o) => o.id).sort());
  });

  it("finds orders by part of an email or the start of an order id, within filters", async () => {
    const { store } = await createOwnerWithStore();
    const created = await seedOrders(store, 6, (i) => (i < 2 ? `Ada.Lovelace+${i}@example.test` : `other${i}@x.test`));
    const byEmail = await listOrders(store.id, { q: "ada.love" });
    expect(byEmail.rows.map((o) => o.email).sort()).toEqual([
      "Ada.Lovelace+0@example.test",
      "Ada.Lovelace+1@example.test",
    ]);
    const target = created[4]!;
    const byId = await listOrders(store.id, { q: target.id.slice(0, 8) });
    expect(byId.rows.map((o) => o.id)).toContain(target.id);
    const live = await listOrders(store.id, { mode: "live", q: "other" });
    expect(live.rows.every((o) => o.mode === "live" && o.email.startsWith("other"))).toBe(true);
    // LIKE's own wildcards are searched for literally.
    expect((await listOrders(store.id, { q: "%" })).rows).toEqual([]);
  });

  it("never skips rows made in the same millisecond", async () => {
    const { store } = await createOwnerWithStore();
    const db = await getDb();
    const at = (us: number) => sql`'2026-02-01 00:00:00.123'::timestamptz + make_interval(secs => ${us / 1e6})`;
    for (const us of [100, 200, 300, 400, 500]) {
      await db.insert(orders).values({
        storeId: store.id,
        mode: "test",
        status: "paid",
        email: `us${us}@example.test`,
        currency: "usd",
        subtotalAmount: 100,
        totalAmount: 100,
        createdAt: at(us),
      });
    }
    const seen: string[] = [];
    let cursor = null;
    do {
      const page = await listOrders(store.id, {}, { cursor, limit: 2 });
      seen.push(...page.rows.map((o) => o.email));
      cursor = decodeCursor(page.nextCursor);
    } while (cursor);
    expect(seen).toEqual([
      "us500@example.test",
      "us400@example.test",
      "us300@example.test",
      "us200@example.test",
      "us100@example.test",
    ]);
  });

  it("starts over when the cursor in the URL is not one we made", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from('["yesterday","x"]').toString("base64url"))).toBeNull();
    const cursor = { at: "2026-01-01 00:00:00.123456+00", id: "0b7a4f36-7f6e-4d0e-9a0e-2f0c1a2b3c4d" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});

describe("the CSV export", () => {
  it("streams every matching order once, with a header, and nothing of another store", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    await seedOrders(store, 1203);
    await seedOrders(other, 3, () => "elsewhere@example.test");

    const text = await new Response(ordersCsvStream(store.id, {})).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("order_id,created_at,email,status,mode,currency,total,refunded");
    expect(lines).toHaveLength(1 + 1203);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(1203);
    expect(text).not.toContain("elsewhere@example.test");
    expect(lines[1]).toMatch(/,USD,\d+\.\d{2},0\.00$/);
  });

  it("reads the orders a batch at a time", async () => {
    const { store } = await createOwnerWithStore();
    await seedOrders(store, 25);
    let count = 0;
    for await (const order of eachOrder(store.id, { mode: "live" }, 4)) {
      expect(order.mode).toBe("live");
      count++;
    }
    expect(count).toBe(9);
  });

  it("quotes separators and defuses spreadsheet formulas typed by buyers", () => {
    expect(csvField("plain@example.test")).toBe("plain@example.test");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField(12)).toBe("12");
  });
});
