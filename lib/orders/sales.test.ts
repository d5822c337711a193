import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, type Order, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { salesOverview } from "./sales";

const NOW = new Date("2026-03-15T23:30:00Z");

/** An order of `store` in exactly the state a test needs (live and paid at NOW unless told). */
async function orderOf(store: Store, fields: Partial<Order> = {}): Promise<Order> {
  const created = await createPaidOrder(store, []);
  const db = await getDb();
  const [order] = await db
    .update(orders)
    .set({ mode: "live", subtotalAmount: 1000, totalAmount: 1000, paidAt: NOW, ...fields })
    .where(eq(orders.id, created.id))
    .returning();
  return order!;
}

const nonZeroDays = (daily: number[]) => daily.flatMap((value, i) => (value === 0 ? [] : [[i, value]]));

describe("sales over the last 30 days", () => {
  it("counts live revenue net of refunds, and test orders only in their own count", async () => {
    const { store } = await createOwnerWithStore();
    const yesterday = new Date("2026-03-14T12:00:00Z");
    await orderOf(store);
    await orderOf(store, { status: "partially_refunded", amountRefunded: 300 });
    await orderOf(store, { status: "refunded", amountRefunded: 1000, paidAt: yesterday });
    await orderOf(store, { mode: "test", totalAmount: 5000 });
    await orderOf(store, { mode: "test", totalAmount: 7000, paidAt: yesterday });
    // Checkouts that never became purchases.
    await orderOf(store, { status: "pending", paidAt: null });
    await orderOf(store, { status: "failed", paidAt: null });

    const sales = await salesOverview(store.id, { currency: store.currency, now: NOW });
    expect(sales.revenue).toEqual([{ currency: "usd", daily: expect.any(Array), total: 1700 }]);
    expect(nonZeroDays(sales.revenue[0]!.daily)).toEqual([[29, 1700]]);
    expect(nonZeroDays(sales.liveOrders.daily)).toEqual([
      [28, 1],
      [29, 2],
    ]);
    expect(sales.liveOrders.total).toBe(3);
    expect(nonZeroDays(sales.testOrders.daily)).toEqual([
      [28, 1],
      [29, 1],
    ]);
    expect(sales.testOrders.total).toBe(2);
  });

  it("covers exactly the 30 UTC days ending today, with zeros where nothing sold", async () => {
    const { store } = await createOwnerWithStore();
    await orderOf(store, { paidAt: new Date("2026-02-14T00:00:00Z"), totalAmount: 100 });
    await orderOf(store, { paidAt: new Date("2026-03-15T23:59:59.999Z"), totalAmount: 20 });
    // Just before the window, 31 days ago, and tomorrow: none of them count.
    await orderOf(store, { paidAt: new Date("2026-02-13T23:59:59.999Z"), totalAmount: 3 });
    await orderOf(store, { paidAt: new Date("2026-02-12T12:00:00Z"), totalAmount: 4 });
    await orderOf(store, { paidAt: new Date("2026-03-16T00:00:00Z"), totalAmount: 5 });

    const sales = await salesOverview(store.id, { currency: store.currency, now: NOW });
    expect(sales.days).toHaveLength(30);
    expect(sales.days[0]).toBe("2026-02-14");
    expect(sales.days[29]).toBe("2026-03-15");
    expect(new Set(sales.days).size).toBe(30);
    expect(sales.revenue[0]!.daily).toHaveLength(30);
    expect(nonZeroDays(sales.revenue[0]!.daily)).toEqual([
      [0, 100],
      [29, 20],
    ]);
    expect(sales.revenue[0]!.total).toBe(120);
    expect(sales.liveOrders.total).toBe(2);
  });

  it("ends today when no day is given", async () => {
    const { store } = await createOwnerWithStore();
    const before = new Date().toISOString().slice(0, 10);
    const sales = await salesOverview(store.id, { currency: store.currency });
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(sales.days[29]);
    expect(sales.revenue).toEqual([{ currency: "usd", daily: Array(30).fill(0), total: 0 }]);
  });

  it("keeps a series per currency, the store's own first", async () => {
    const { store } = await createOwnerWithStore();
    await orderOf(store, { currency: "eur", totalAmount: 900 });
    await orderOf(store, { currency: "chf", totalAmount: 800 });
    const sales = await salesOverview(store.id, { currency: "USD", now: NOW });
    expect(sales.revenue.map((r) => [r.currency, r.total])).toEqual([
      ["usd", 0],
      ["chf", 800],
      ["eur", 900],
    ]);
    expect(sales.liveOrders.total).toBe(2);
  });

  it("never shows another store's orders", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    await orderOf(other);
    await orderOf(other, { mode: "test" });
    const sales = await salesOverview(store.id, { currency: store.currency, now: NOW });
    expect(sales.revenue[0]!.total).toBe(0);
    expect(sales.liveOrders.total).toBe(0);
    expect(sales.testOrders.total).toBe(0);
  });
});
