import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { productFiles, products, stores, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { findStoreById } from "@/lib/tenancy/stores";
import { createOwnerWithStore, createProduct, createProductWithFile } from "@/test/factories";
import { storefrontProduct, storefrontProductFiles, storefrontProducts } from "./storefront-cache";

// Counts the catalogue's database reads, so a test can tell a remembered answer from a fresh one.
const reads = vi.hoisted(() => ({ count: 0, failNext: false }));
vi.mock("./products", async (importOriginal) => {
  const original = await importOriginal<typeof import("./products")>();
  const counted =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      reads.count++;
      if (reads.failNext) {
        reads.failNext = false;
        throw new Error("database unavailable");
      }
      return read(...args);
    };
  return {
    ...original,
    listPublishedProducts: counted(original.listPublishedProducts),
    findPublishedProduct: counted(original.findPublishedProduct),
    listProductFiles: counted(original.listProductFiles),
  };
});

/** The store row as a request reads it. */
const freshRow = async (store: Store) => (await findStoreById(store.id))!;

async function readsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = reads.count;
  await work();
  return reads.count - before;
}

describe("the catalogue version", () => {
  it("moves with every change to the store's products and files, and only that store's", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    const db = await getDb();
    const versions = async () => [(await freshRow(store)).catalogVersion, (await freshRow(other)).catalogVersion];
    const [start, otherStart] = await versions();

    const { product, file } = await createProductWithFile(store);
    const [afterInserts] = await versions();
    expect(afterInserts).toBe(start! + 2); // the product, then its file

    await db.update(products).set({ name: "Renamed" }).where(eq(products.id, product.id));
    await db.update(productFiles).set({ fileName: "renamed.txt" }).where(eq(productFiles.id, file.id));
    await db.delete(productFiles).where(eq(productFiles.id, file.id));
    await db.delete(products).where(eq(products.id, product.id));
    expect(await versions()).toEqual([start! + 6, otherStart]);
  });

  it("does not move when the store row itself changes", async () => {
    const { store } = await createOwnerWithStore();
    const db = await getDb();
    const before = (await freshRow(store)).catalogVersion;
    await db.update(stores).set({ name: "New name" }).where(eq(stores.id, store.id));
    expect((await freshRow(store)).catalogVersion).toBe(before);
  });
});

describe("the storefront's catalogue reads", () => {
  it("are read once per catalogue version, and a change shows on the next request", async () => {
    const { store } = await createOwnerWithStore();
    const product = await createProduct(store, "Field Guide");
    const row = await freshRow(store);

    expect(await readsDuring(() => storefrontProducts(row))).toBe(1);
    expect(await readsDuring(() => storefrontProducts(row))).toBe(0);
    expect((await storefrontProducts(row)).map((p) => p.name)).toEqual(["Field Guide"]);

    const db = await getDb();
    await db.update(products).set({ name: "Field Guide, 2nd edition" }).where(eq(products.id, product.id));
    const next = await freshRow(store);
    expect((await storefrontProducts(next)).map((p) => p.name)).toEqual(["Field Guide, 2nd edition"]);
    expect(await readsDuring(() => storefrontProducts(next))).toBe(0);
  });

  it("serve a request holding an older store row from the database, keeping the newer reads", async () => {
    const { store } = await createOwnerWithStore();
    const product = await createProduct(store, "Old Name");
    const older = await freshRow(store);
    const db = await getDb();
    await db.update(products).set({ name: "New Name" }).where(eq(products.id, product.id));
    const newer = await freshRow(store);

    await storefrontProducts(newer);
    expect(await readsDuring(() => storefrontProducts(older))).toBe(1);
    expect(await readsDuring(() => storefrontProducts(newer))).toBe(0);
  });

  it("keep each store's catalogue to itself", async () => {
    const { store: a } = await createOwnerWithStore();
    const { store: b } = await createOwnerWithStore();
    await createProduct(a, "Only in A");
    await createProduct(b, "Only in B");
    expect((await storefrontProducts(await freshRow(a))).map((p) => p.name)).toEqual(["Only in A"]);
    expect((await storefrontProducts(await freshRow(b))).map((p) => p.name)).toEqual(["Only in B"]);
  });

  it("remember a product page's product and files by slug, including a slug that finds nothing", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await createProductWithFile(store);
    const row = await freshRow(store);
    expect(await readsDuring(() => storefrontProduct(row, product.slug))).toBe(1);
    expect((await storefrontProduct(row, product.slug))?.id).toBe(product.id);
    expect(await readsDuring(() => storefrontProduct(row, "no-such-product"))).toBe(1);
    expect(await storefrontProduct(row, "no-such-product")).toBeNull();
    expect((await storefrontProductFiles(row, product.id)).map((f) => f.productId)).toEqual([product.id]);
    expect(await readsDuring(() => storefrontProductFiles(row, product.id))).toBe(0);
  });

  it("do not remember a failed read", async () => {
    const { store } = await createOwnerWithStore();
    await createProduct(store, "Field Guide");
    const row = await freshRow(store);
    reads.failNext = true;
    await expect(storefrontProducts(row)).rejects.toThrow("database unavailable");
    expect((await storefrontProducts(row)).map((p) => p.name)).toEqual(["Field Guide"]);
  });
});
