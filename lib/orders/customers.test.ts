import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, type Order, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import type { Page } from "@/lib/pagination";
import {
  decodeCustomerCursor,
  encodeCustomerCursor,
  listCustomers,
  type Customer,
  type CustomerCursor,
} from "./customers";

/** An order of `store` in exactly the state a test needs (live and paid unless told). */
async function orderOf(store: Store, fields: Partial<Order> = {}): Promise<Order> {
  const created = await createPaidOrder(store, []);
  const db = await getDb();
  const [order] = await db
    .update(orders)
    .set({ mode: "live", subtotalAmount: 1000, totalAmount: 1000, ...fields })
    .where(eq(orders.id, created.id))
    .returning();
  return order!;
}

const at = (iso: string) => new Date(iso);

describe("the customers list", () => {
  it("groups buyers by email whatever its case, counting paid orders and only live spending", async () => {
    const { store } = await createOwnerWithStore();
    await orderOf(store, { email: "Ada@Example.test", paidAt: at("2026-01-01T10:00:00Z") });
    await orderOf(store, {
      email: "ada@example.TEST",
      status: "partially_refunded",
      amountRefunded: 250,
      paidAt: at("2026-01-02T10:00:00Z"),
    });
    await orderOf(store, {
      email: "ADA@example.test",
      status: "refunded",
      amountRefunded: 1000,
      paidAt: at("2026-01-03T10:00:00Z"),
    });
    await orderOf(store, {
      email: "ada@example.test",
      mode: "test",
      totalAmount: 5000,
      paidAt: at("2026-01-04T10:00:00Z"),
    });
    // Checkouts, newer than any purchase: neither counted nor the last order.
    await orderOf(store, { email: "ada@example.test", status: "pending", paidAt: null });
    await orderOf(store, { email: "ada@example.test", status: "failed", paidAt: null });
    await orderOf(store, { email: "ada@example.test", status: "canceled", paidAt: null });
    await orderOf(store, { email: "only-checkout@example.test", status: "pending", paidAt: null });
    await orderOf(store, { email: "tester@example.test", mode: "test", paidAt: at("2026-01-05T10:00:00Z") });

    const { rows, nextCursor } = await listCustomers(store.id);
    expect(nextCursor).toBeNull();
    expect(rows).toEqual([
      {
        email: "tester@example.test",
        orderCount: 0,
        testOrderCount: 1,
        spent: [],
        lastOrderAt: at("2026-01-05T10:00:00Z"),
      },
      {
        email: "ada@example.test",
        orderCount: 3,
        testOrderCount: 1,
        spent: [{ currency: "usd", amount: 1750 }],
        lastOrderAt: at("2026-01-04T10:00:00Z"),
      },
    ]);
  });

  it("adds spending per currency", async () => {
    const { store } = await createOwnerWithStore();
    await orderOf(store, { email: "eve@example.test", currency: "eur", totalAmount: 900 });
    await orderOf(store, { email: "Eve@example.test", totalAmount: 400 });
    await orderOf(store, { email: "eve@example.test", totalAmount: 600 });
    const { rows } = await listCustomers(store.id);
    expect(rows.map((c) => c.spent)).toEqual([
      [
        { currency: "eur", amount: 900 },
        { currency: "usd", amount: 1000 },
      ],
    ]);
  });

  it("pages through more than 50 customers exactly once, latest buyer first, and never another store's", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    const start = Date.parse("2026-01-01T00:00:00Z");
    // Pairs of customers whose last orders share an instant, to test the email tie-break.
    for (let i = 0; i < 121; i++) {
      await orderOf(store, { email: `buyer${i}@example.test`, paidAt: new Date(start + Math.floor(i / 2) * 60_000) });
    }
    await orderOf(store, { email: "BUYER7@example.test", paidAt: new Date(start - 60_000) });
    await orderOf(other, { email: "elsewhere@example.test", paidAt: new Date(start + 3_600_000) });
    await orderOf(other, { email: "buyer3@example.test", paidAt: new Date(start + 3_600_000) });

    const customers: Customer[] = [];
    let cursor: CustomerCursor | null = null;
    let pages = 0;
    do {
      const page: Page<Customer> = await listCustomers(store.id, {}, { cursor });
      expect(page.rows.length).toBeLessThanOrEqual(50);
      customers.push(...page.rows);
      cursor = decodeCustomerCursor(page.nextCursor);
      pages++;
    } while (cursor);
    const seen = customers.map((c) => c.email.toLowerCase());
    expect(pages).toBe(3);
    expect(seen).toHaveLength(121);
    expect(new Set(seen).size).toBe(121);
    expect(seen).not.toContain("elsewhere@example.test");
    expect(seen[0]).toBe("buyer120@example.test");
    expect(customers.find((c) => c.email === "buyer3@example.test")?.orderCount).toBe(1);
    expect(customers.find((c) => c.email === "buyer7@example.test")?.orderCount).toBe(2);
    const lastOrders = customers.map((c) => c.lastOrderAt.getTime());
    expect(lastOrders).toEqual([...lastOrders].sort((a, b) => b - a));
  });

  it("finds customers by part of their email, taking LIKE's wildcards literally", async () => {
    const { store } = await createOwnerWithStore();
    await orderOf(store, { email: "Ada.Lovelace@example.test" });
    await orderOf(store, { email: "ada.lovelace@example.test", mode: "test" });
    await orderOf(store, { email: "grace@example.test" });
    await orderOf(store, { email: "a_b@example.test" });
    const found = await listCustomers(store.id, { q: "ADA.love" });
    expect(found.rows.map((c) => [c.email.toLowerCase(), c.orderCount, c.testOrderCount])).toEqual([
      ["ada.lovelace@example.test", 1, 1],
    ]);
    expect((await listCustomers(store.id, { q: "%" })).rows).toEqual([]);
    expect((await listCustomers(store.id, { q: "a_b" })).rows.map((c) => c.email)).toEqual(["a_b@example.test"]);
  });

  it("starts over when the cursor in the URL is not one we made", () => {
    expect(decodeCustomerCursor("not-a-cursor")).toBeNull();
    expect(decodeCustomerCursor(Buffer.from('["yesterday","a@example.test"]').toString("base64url"))).toBeNull();
    expect(decodeCustomerCursor(Buffer.from('["2026-01-01 00:00:00+00",""]').toString("base64url"))).toBeNull();
    const cursor = { at: "2026-01-01 00:00:00.123456+00", email: "ada@example.test" };
    expect(decodeCustomerCursor(encodeCustomerCursor(cursor))).toEqual(cursor);
  });
});
