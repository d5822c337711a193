import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orders, products, stores } from "@/db/schema";
import { asPlatform, asStore } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { createOwnerWithStore, createProduct } from "@/test/factories";

/*
 * The second wall: a query that "forgets" its store filter, run in a store's scope, sees
 * that store's rows and nothing of any other store.
 */
describe("row-level security", () => {
  beforeAll(async () => void (await getDb()));

  it("shows a store's scope only its own rows, even to a query with no store filter", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const productOfA = await createProduct(a.store);
    const productOfB = await createProduct(b.store);
    const db = await getDb();

    const seenByA = await asStore(a.store.id, () => db.select({ id: products.id }).from(products));
    expect(seenByA.map((p) => p.id)).toContain(productOfA.id);
    expect(seenByA.map((p) => p.id)).not.toContain(productOfB.id);
    const storesSeenByA = await asStore(a.store.id, () => db.select({ id: stores.id }).from(stores));
    expect(storesSeenByA.map((s) => s.id)).toEqual([a.store.id]);

    // The platform sees both.
    const seenByPlatform = await asPlatform(() => db.select({ id: products.id }).from(products));
    expect(seenByPlatform.map((p) => p.id)).toEqual(expect.arrayContaining([productOfA.id, productOfB.id]));
  });

  it("refuses to write a row into another store, and a transaction keeps its scope", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const db = await getDb();
    await expect(
      asStore(a.store.id, () =>
        db
          .insert(products)
          .values({ storeId: b.store.id, name: "Planted", slug: "planted", priceAmount: 100, currency: "usd" }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    const counted = await asStore(a.store.id, () =>
      db.transaction(async (tx) => (await tx.select({ n: sql<number>`count(*)::int` }).from(orders))[0]?.n),
    );
    expect(counted).toBe(0);
  });

  it("cannot be switched off by the app: it is not a superuser and does not own the tables", async () => {
    const db = await getDb();
    const result = await asStore("00000000-0000-0000-0000-000000000000", () =>
      db.execute(sql`select current_user, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`),
    );
    const [role] = (result as unknown as { rows: unknown[] }).rows;
    expect(role).toEqual({ current_user: "storehost_app", rolsuper: false, rolbypassrls: false });
  });

  it("an unknown store's scope sees no store rows at all", async () => {
    await createOwnerWithStore();
    const db = await getDb();
    const seen = await asStore("00000000-0000-0000-0000-000000000000", () => db.select({ id: stores.id }).from(stores));
    expect(seen).toEqual([]);
  });

  it("gives every query the scope of its own caller, on connections that served other scopes before", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const db = await getDb();
    const scopeSeen = () =>
      db.execute(sql`select current_setting('app.scope') as scope, current_setting('app.store_id') as store_id`);
    const rowOf = (result: unknown) => (result as { rows: { scope: string; store_id: string }[] }).rows[0];
    // Many at once and interleaved, so the pool's connections pass from one scope to another
    // and back (on Postgres a connection remembers what it holds and skips resetting it).
    const callers = Array.from({ length: 60 }, (_, i) => {
      const kind = i % 3;
      if (kind === 0)
        return { expected: { scope: "store", store_id: a.store.id }, run: () => asStore(a.store.id, scopeSeen) };
      if (kind === 1)
        return { expected: { scope: "store", store_id: b.store.id }, run: () => asStore(b.store.id, scopeSeen) };
      return { expected: { scope: "platform", store_id: "" }, run: () => asPlatform(scopeSeen) };
    });
    const seen = await Promise.all(callers.map(async (caller) => rowOf(await caller.run())));
    expect(seen).toEqual(callers.map((caller) => caller.expected));
    // And a transaction after a different scope's single queries.
    await asStore(b.store.id, scopeSeen);
    const inTransaction = await asStore(a.store.id, () =>
      db.transaction(async (tx) => tx.select({ id: stores.id }).from(stores)),
    );
    expect(inTransaction).toEqual([{ id: a.store.id }]);
  });
});
