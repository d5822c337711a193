import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { downloadGrants, products } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createDownloadableProduct, createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { createDownloadGrants, downloadPath, listOrderGrants, revokeDownloadGrants } from "./grants";

const DAY = 24 * 60 * 60 * 1000;

async function grantsOf(storeId: string, orderId: string) {
  const db = await getDb();
  return db.transaction((tx) => createDownloadGrants(tx, storeId, orderId));
}

describe("createDownloadGrants", () => {
  it("issues one unguessable link per file and stores only the token's hash", async () => {
    const { store } = await createOwnerWithStore();
    const twoFiles = await createDownloadableProduct(store, {
      files: [
        { fileName: "book.pdf", bytes: new Uint8Array([1]) },
        { fileName: "book.epub", bytes: new Uint8Array([2]) },
      ],
    });
    const oneFile = await createDownloadableProduct(store);
    const order = await createPaidOrder(store, [twoFiles.product, oneFile.product]);

    const issued = await grantsOf(store.id, order.id);
    expect(issued).toHaveLength(3);
    expect(issued.map((d) => d.fileName).sort()).toEqual(["book.epub", "book.pdf", oneFile.files[0]!.fileName].sort());
    for (const d of issued) {
      expect(d.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(downloadPath(d.token)).toBe(`/downloads/${d.token}`);
    }
    expect(new Set(issued.map((d) => d.token)).size).toBe(3);

    const db = await getDb();
    const rows = await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, order.id));
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(
      issued.map((d) => createHash("sha256").update(d.token).digest("hex")).sort(),
    );
    const stored = JSON.stringify(rows);
    for (const d of issued) expect(stored).not.toContain(d.token);
  });

  it("copies each product's expiry and download limit", async () => {
    const { store } = await createOwnerWithStore();
    const limited = await createDownloadableProduct(store, { downloadLimit: 3, downloadExpiryDays: 7 });
    const forever = await createDownloadableProduct(store, { downloadLimit: null, downloadExpiryDays: null });
    const order = await createPaidOrder(store, [limited.product, forever.product]);

    const before = Date.now();
    const issued = await grantsOf(store.id, order.id);
    const byProduct = new Map(issued.map((d) => [d.productName, d]));

    const week = byProduct.get(limited.product.name);
    expect(week?.downloadLimit).toBe(3);
    expect(week?.expiresAt?.getTime()).toBeGreaterThan(before + 7 * DAY - 60_000);
    expect(week?.expiresAt?.getTime()).toBeLessThan(Date.now() + 7 * DAY + 60_000);

    const open = byProduct.get(forever.product.name);
    expect(open).toMatchObject({ downloadLimit: null, expiresAt: null });

    const listed = await listOrderGrants(store.id, order.id);
    expect(listed).toHaveLength(2);
    expect(listed.find((g) => g.fileName === limited.files[0]!.fileName)).toMatchObject({
      downloadCount: 0,
      downloadLimit: 3,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(week?.token);
  });

  it("skips deleted products and never doubles links on a second call", async () => {
    const { store } = await createOwnerWithStore();
    const kept = await createDownloadableProduct(store);
    const deleted = await createDownloadableProduct(store);
    const order = await createPaidOrder(store, [kept.product, deleted.product]);
    const db = await getDb();
    await db.delete(products).where(eq(products.id, deleted.product.id));

    expect((await grantsOf(store.id, order.id)).map((d) => d.productName)).toEqual([kept.product.name]);
    expect(await grantsOf(store.id, order.id)).toEqual([]);
    expect(await listOrderGrants(store.id, order.id)).toHaveLength(1);
  });

  it("issues nothing for another store's order", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const { product } = await createDownloadableProduct(a.store);
    const order = await createPaidOrder(a.store, [product]);
    expect(await grantsOf(b.store.id, order.id)).toEqual([]);
    expect(await listOrderGrants(a.store.id, order.id)).toEqual([]);
  });
});

describe("revokeDownloadGrants", () => {
  it("revokes the order's live grants once, and only in its own store", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const { product } = await createDownloadableProduct(a.store, {
      files: [
        { fileName: "a.zip", bytes: new Uint8Array([1]) },
        { fileName: "b.zip", bytes: new Uint8Array([2]) },
      ],
    });
    const order = await createPaidOrder(a.store, [product]);
    await grantsOf(a.store.id, order.id);
    const db = await getDb();

    expect(await db.transaction((tx) => revokeDownloadGrants(tx, b.store.id, order.id))).toBe(0);
    expect(await db.transaction((tx) => revokeDownloadGrants(tx, a.store.id, order.id))).toBe(2);
    expect(await db.transaction((tx) => revokeDownloadGrants(tx, a.store.id, order.id))).toBe(0);
    const listed = await listOrderGrants(a.store.id, order.id);
    expect(listed.every((g) => g.revokedAt instanceof Date)).toBe(true);
  });
});
