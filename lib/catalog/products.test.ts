import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createDownloadGrants } from "@/lib/downloads/grants";
import { startDownload, type DownloadResponse } from "@/lib/downloads/serve";
import { createPendingOrder, priceOrderLines } from "@/lib/orders/orders";
import { createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { openCoverImage, removeCoverImage, setCoverImage } from "./cover-images";
import {
  addProductFile,
  MAX_FILES_PER_PRODUCT,
  removeProductFile,
  renameProductFile,
  reorderProductFiles,
  replaceProductFile,
} from "./product-files";
import type { ProductForm } from "./product-input";
import {
  deleteProduct,
  findPublishedProduct,
  getProductForAdmin,
  listAdminProducts,
  listProductFiles,
  listPublishedProducts,
  saveProductForm,
} from "./products";

const form = (overrides: Partial<ProductForm> = {}): ProductForm => ({
  name: "Field Guide",
  description: "A **guide**.",
  price: "9.99",
  status: "draft",
  downloadLimit: "5",
  downloadExpiryDays: "30",
  ...overrides,
});

const upload = (fileName: string, bytes: Uint8Array) => ({
  body: Readable.from([Buffer.from(bytes)]),
  fileName,
  declaredSize: bytes.byteLength,
});

/** A product with `n` uploaded files, published. */
async function publishedProduct(store: Store, n = 1, overrides: Partial<ProductForm> = {}) {
  const product = await saveProductForm(
    store,
    null,
    form({ name: `Product ${randomBytes(3).toString("hex")}`, ...overrides }),
  );
  const files = [];
  for (let i = 0; i < n; i++) {
    const bytes = randomBytes(2048);
    files.push({ ...(await addProductFile(store.id, product.id, upload(`part-${i}.bin`, bytes))), bytes });
  }
  const published = await saveProductForm(
    store,
    product.id,
    form({ ...overrides, name: product.name, status: "published" }),
  );
  return { product: published, files };
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: "AppError" });
  return (error as { fieldErrors: Record<string, string> }).fieldErrors;
}

/** The status a download link answers with now; the body is read, so no file stays open. */
async function servedStatus(storeId: string, token: string): Promise<number | string> {
  const response = await startDownload(storeId, token, null);
  if (response.kind !== "file") return response.refusal;
  await bodyOf(response);
  return response.status;
}

async function bodyOf(response: DownloadResponse): Promise<Buffer> {
  if (response.kind !== "file" || !response.body) throw new Error(`no body: ${JSON.stringify(response)}`);
  return Buffer.concat(await response.body.toArray());
}

describe("products: create, edit, slugs", () => {
  it("creates a draft with money in minor units and a slug from the name", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form({ name: "Café Guide: Vol. 2!", price: "12.50" }));
    expect(product).toMatchObject({
      slug: "cafe-guide-vol-2",
      priceAmount: 1250,
      currency: "usd",
      status: "draft",
      downloadLimit: 5,
    });
    expect(await listPublishedProducts(store.id)).toEqual([]);
  });

  it("numbers generated slugs until free, and refuses a duplicate slug the owner typed", async () => {
    const { store } = await createOwnerWithStore();
    const a = await saveProductForm(store, null, form({ name: "Sound Pack" }));
    const b = await saveProductForm(store, null, form({ name: "Sound Pack" }));
    const c = await saveProductForm(store, null, form({ name: "Sound  pack" }));
    expect([a.slug, b.slug, c.slug]).toEqual(["sound-pack", "sound-pack-2", "sound-pack-3"]);
    // Long names: the number is fitted into the 80-character limit, and still counted on.
    const long = "The Complete Illustrated Field Guide to North American Birds, Second Edition (2025)";
    const longSlugs = [];
    for (let i = 0; i < 3; i++) longSlugs.push((await saveProductForm(store, null, form({ name: long }))).slug);
    expect(new Set(longSlugs).size).toBe(3);
    expect(longSlugs.every((slug) => slug.length <= 80)).toBe(true);
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ name: "Other", slug: "sound-pack" })))).toEqual({
      slug: expect.stringContaining("already uses this address"),
    });
    expect(
      await fieldErrorsOf(saveProductForm(store, b.id, form({ name: "Sound Pack", slug: "sound-pack" }))),
    ).toHaveProperty("slug");
    // Keeping one's own slug is fine, and another store may use the same one.
    await expect(saveProductForm(store, a.id, form({ name: "Sound Pack", slug: "sound-pack" }))).resolves.toMatchObject(
      { slug: "sound-pack" },
    );
    const other = await createOwnerWithStore();
    await expect(saveProductForm(other.store, null, form({ name: "Sound Pack" }))).resolves.toMatchObject({
      slug: "sound-pack",
    });
  });

  it("explains each bad field beside it", async () => {
    const { store } = await createOwnerWithStore();
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ name: "  " })))).toHaveProperty(
      "name",
      "Enter a name for the product.",
    );
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ price: "0" })))).toHaveProperty(
      "price",
      "A paid product needs a price above zero.",
    );
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ price: "-3" })))).toHaveProperty(
      "price",
      "The amount can't be negative.",
    );
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ price: "1000000" })))).toHaveProperty(
      "price",
      "The amount can be at most $999,999.99.",
    );
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ slug: "Not A Slug" })))).toHaveProperty("slug");
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ downloadLimit: "0" })))).toHaveProperty(
      "downloadLimit",
    );
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ downloadExpiryDays: "abc" })))).toHaveProperty(
      "downloadExpiryDays",
    );
    expect(
      await fieldErrorsOf(
        saveProductForm(store, null, form({ payWhatYouWant: true, minimumPrice: "20", price: "10" })),
      ),
    ).toHaveProperty("minimumPrice", "The minimum can't be above the suggested price.");
    expect(await listAdminProducts(store.id)).toEqual([]);
  });

  it("prices JPY and KRW stores in whole units", async () => {
    const { store } = await createOwnerWithStore();
    const yen = { ...store, currency: "jpy" };
    expect(await saveProductForm(yen, null, form({ price: "1500" }))).toMatchObject({
      priceAmount: 1500,
      currency: "jpy",
    });
    expect(await fieldErrorsOf(saveProductForm(yen, null, form({ price: "1500.50" })))).toHaveProperty(
      "price",
      expect.stringContaining("JPY has no decimal places"),
    );
    const won = { ...store, currency: "krw" };
    expect(await saveProductForm(won, null, form({ name: "Won", price: "12,000" }))).toMatchObject({
      priceAmount: 12000,
      currency: "krw",
    });
  });

  it("publishes only a product that has a file", async () => {
    const { store } = await createOwnerWithStore();
    expect(await fieldErrorsOf(saveProductForm(store, null, form({ status: "published" })))).toHaveProperty("status");
    const draft = await saveProductForm(store, null, form());
    expect(await fieldErrorsOf(saveProductForm(store, draft.id, form({ status: "published" })))).toHaveProperty(
      "status",
    );
    const { product } = await publishedProduct(store);
    expect(await findPublishedProduct(store.id, product.slug)).toMatchObject({ id: product.id });
  });
});

describe("products: scoped by store", () => {
  it("gives the owner of B nothing of A's products, for every operation", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const { product, files } = await publishedProduct(a.store, 2);
    const file = files[0]!;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "blue" } })
      .png()
      .toBuffer();
    await setCoverImage(a.store.id, product.id, png);
    const notFound = { code: expect.stringMatching(/not_found/), status: 404 };

    expect(await getProductForAdmin(b.store.id, product.id)).toBeNull();
    expect(await listAdminProducts(b.store.id)).toEqual([]);
    expect(await listProductFiles(b.store.id, product.id)).toEqual([]);
    expect(await findPublishedProduct(b.store.id, product.slug)).toBeNull();
    expect(await openCoverImage(b.store.id, product.id, "card")).toBeNull();
    const operations: [string, () => Promise<unknown>][] = [
      ["edit", () => saveProductForm(b.store, product.id, form({ name: "Hijacked" }))],
      ["delete", () => deleteProduct(b.store.id, product.id)],
      ["upload", () => addProductFile(b.store.id, product.id, upload("x.bin", randomBytes(10)))],
      ["replace", () => replaceProductFile(b.store.id, product.id, file.id, upload("x.bin", randomBytes(10)))],
      ["rename", () => renameProductFile(b.store.id, product.id, file.id, "hijacked.bin")],
      ["reorder", () => reorderProductFiles(b.store.id, product.id, files.map((f) => f.id).reverse())],
      ["remove file", () => removeProductFile(b.store.id, product.id, file.id)],
      ["set cover", () => setCoverImage(b.store.id, product.id, png)],
      ["remove cover", () => removeCoverImage(b.store.id, product.id)],
    ];
    for (const [name, run] of operations) {
      await expect(run(), name).rejects.toMatchObject(notFound);
    }
    // Nothing of A's changed.
    const after = await getProductForAdmin(a.store.id, product.id);
    expect(after).toMatchObject({ name: product.name, status: "published" });
    expect(after?.files.map((f) => [f.id, f.fileName, f.sha256])).toEqual(
      files.map((f) => [f.id, f.fileName, f.sha256]),
    );
    expect(after?.coverImage).not.toBeNull();
  });
});

describe("product files", () => {
  it("stores an upload with its SHA-256, size, sniffed type and a sanitized name, in order", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form());
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } })
      .png()
      .toBuffer();
    const first = await addProductFile(store.id, product.id, upload("../../etc/\u202Egnp.exe", png));
    const second = await addProductFile(store.id, product.id, upload("notes\u0007.txt", Buffer.from("hello")));
    expect(first).toMatchObject({ fileName: "gnp.exe", contentType: "image/png", sizeBytes: png.length, position: 0 });
    expect(first.sha256).toBe((await import("node:crypto")).createHash("sha256").update(png).digest("hex"));
    expect(second).toMatchObject({ fileName: "notes.txt", contentType: "text/plain", position: 1 });
    await reorderProductFiles(store.id, product.id, [second.id, first.id]);
    expect((await listProductFiles(store.id, product.id)).map((f) => f.id)).toEqual([second.id, first.id]);
    await expect(reorderProductFiles(store.id, product.id, [second.id])).rejects.toMatchObject({
      code: "stale_file_list",
    });
    expect((await renameProductFile(store.id, product.id, first.id, "  Cover\u200F Art.png ")).fileName).toBe(
      "Cover Art.png",
    );
    await expect(renameProductFile(store.id, product.id, first.id, "/\u202E/")).rejects.toMatchObject({
      fieldErrors: { fileName: expect.any(String) },
    });
  });

  it("deletes a removed file's bytes when the product was never ordered", async () => {
    const { store } = await createOwnerWithStore();
    const { product, files } = await publishedProduct(store, 2);
    const { getStorage } = await import("@/lib/storage");
    await removeProductFile(store.id, product.id, files[0]!.id);
    await expect(getStorage().size(files[0]!.storageKey)).rejects.toThrow();
    expect((await listProductFiles(store.id, product.id)).map((f) => f.id)).toEqual([files[1]!.id]);
  });

  it("refuses an empty file, a cut-off upload, and a 21st file, attaching nothing", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form());
    await expect(addProductFile(store.id, product.id, upload("empty.bin", new Uint8Array(0)))).rejects.toMatchObject({
      code: "empty_file",
    });
    await expect(
      addProductFile(store.id, product.id, {
        body: Readable.from([Buffer.alloc(100)]),
        fileName: "short.bin",
        declaredSize: 1000,
      }),
    ).rejects.toMatchObject({ code: "upload_incomplete" });
    for (let i = 0; i < MAX_FILES_PER_PRODUCT; i++)
      await addProductFile(store.id, product.id, upload(`f${i}.bin`, randomBytes(16)));
    await expect(
      addProductFile(store.id, product.id, upload("one-too-many.bin", randomBytes(16))),
    ).rejects.toMatchObject({
      code: "too_many_files",
      fieldErrors: { files: expect.stringContaining("at most 20 files") },
    });
    expect(await listProductFiles(store.id, product.id)).toHaveLength(MAX_FILES_PER_PRODUCT);
  });

  it("holds the 20-file limit when uploads race: all pass the first check, the product lock lets exactly enough in", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form());
    for (let i = 0; i < MAX_FILES_PER_PRODUCT - 3; i++)
      await addProductFile(store.id, product.id, upload(`f${i}.bin`, randomBytes(8)));
    // Each body sends half, then waits until all six are mid-stream: the uploads provably
    // overlap past the early check (without overlap this barrier would never open).
    const racers = 6;
    let streaming = 0;
    let open!: () => void;
    const barrier = new Promise<void>((resolve) => (open = resolve));
    const body = () =>
      Readable.from(
        (async function* () {
          yield Buffer.from("first half ");
          if (++streaming === racers) open();
          await barrier;
          yield Buffer.from("second half");
        })(),
      );
    const results = await Promise.allSettled(
      Array.from({ length: racers }, (_, i) =>
        addProductFile(store.id, product.id, { body: body(), fileName: `race-${i}.bin` }),
      ),
    );
    expect(streaming).toBe(racers);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual([
      "too_many_files",
      "too_many_files",
      "too_many_files",
    ]);
    expect(await listProductFiles(store.id, product.id)).toHaveLength(MAX_FILES_PER_PRODUCT);
  });

  it("refuses a file over the limit before attaching anything", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form());
    const { env } = await import("@/lib/env");
    await expect(
      addProductFile(store.id, product.id, {
        body: Readable.from([Buffer.alloc(10)]),
        fileName: "huge.bin",
        declaredSize: env.UPLOAD_MAX_BYTES + 1,
      }),
    ).rejects.toMatchObject({
      code: "file_too_large",
      status: 413,
      fieldErrors: { files: expect.stringContaining("limit") },
    });
    expect(await listProductFiles(store.id, product.id)).toEqual([]);
  });

  it("serves a replaced file to a buyer who already has a link", async () => {
    const { store } = await createOwnerWithStore();
    const { product, files } = await publishedProduct(store, 1);
    const order = await createPaidOrder(store, [product]);
    const db = await getDb();
    const [link] = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
    expect((await bodyOf(await startDownload(store.id, link!.token, null))).equals(Buffer.from(files[0]!.bytes))).toBe(
      true,
    );

    const v2 = randomBytes(3000);
    const replaced = await replaceProductFile(store.id, product.id, files[0]!.id, upload("guide-v2.bin", v2));
    expect(replaced).toMatchObject({ id: files[0]!.id, fileName: "guide-v2.bin", sizeBytes: 3000 });
    const again = await startDownload(store.id, link!.token, null);
    expect(again).toMatchObject({ status: 200, headers: { "Content-Length": "3000" } });
    expect((await bodyOf(again)).equals(v2)).toBe(true);
  });

  it("keeps a buyer's link to a file the owner removed, and never deletes an ordered product", async () => {
    const { store } = await createOwnerWithStore();
    const { product, files } = await publishedProduct(store, 2);
    const order = await createPaidOrder(store, [product]);
    const db = await getDb();
    const links = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
    expect(links).toHaveLength(2);

    await removeProductFile(store.id, product.id, files[0]!.id);
    expect((await listProductFiles(store.id, product.id)).map((f) => f.id)).toEqual([files[1]!.id]);
    // A new buyer gets only the files still on the product.
    const later = await createPaidOrder(store, [product]);
    const laterLinks = await db.transaction((tx) => createDownloadGrants(tx, store.id, later.id));
    expect(laterLinks.map((l) => l.fileName)).toEqual([files[1]!.fileName]);
    await expect(removeProductFile(store.id, product.id, files[1]!.id)).rejects.toMatchObject({ code: "last_file" });
    for (const link of links) expect(await servedStatus(store.id, link.token)).toBe(200);

    await expect(deleteProduct(store.id, product.id)).rejects.toMatchObject({
      code: "product_has_orders",
      status: 409,
    });
    expect(await getProductForAdmin(store.id, product.id)).not.toBeNull();
  });

  it("archives a product off the storefront while buyers keep downloading", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await publishedProduct(store, 1);
    const order = await createPaidOrder(store, [product]);
    const db = await getDb();
    const [link] = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
    await saveProductForm(store, product.id, form({ name: product.name, status: "archived" }));
    expect(await findPublishedProduct(store.id, product.slug)).toBeNull();
    expect(await listPublishedProducts(store.id)).toEqual([]);
    await expect(
      createPendingOrder(store.id, {
        mode: "test",
        email: "b@example.test",
        lines: [{ productId: product.id, quantity: 1 }],
      }),
    ).rejects.toMatchObject({
      code: "product_unavailable",
    });
    expect(await servedStatus(store.id, link!.token)).toBe(200);
  });

  it("deletes a never-ordered product with its stored files", async () => {
    const { store } = await createOwnerWithStore();
    const { product, files } = await publishedProduct(store, 1);
    const { getStorage } = await import("@/lib/storage");
    await deleteProduct(store.id, product.id);
    expect(await getProductForAdmin(store.id, product.id)).toBeNull();
    await expect(getStorage().size(files[0]!.storageKey)).rejects.toThrow();
  });
});

describe("cover images", () => {
  it("accepts PNG, JPEG and WebP, stores resized WebP variants, and refuses what is not an image", async () => {
    const { store } = await createOwnerWithStore();
    const product = await saveProductForm(store, null, form());
    for (const format of ["png", "jpeg", "webp"] as const) {
      const image = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: "green" } })
        [format]()
        .toBuffer();
      const cover = await setCoverImage(store.id, product.id, image);
      expect(cover).toMatchObject({ width: 2000, height: 1000 });
      const card = await openCoverImage(store.id, product.id, "card");
      const meta = await sharp(Buffer.concat(await card!.body.toArray())).metadata();
      expect(meta).toMatchObject({ format: "webp", width: 640, height: 480 });
    }
    const fake = Buffer.from("GIF89a not really an image at all");
    await expect(setCoverImage(store.id, product.id, fake)).rejects.toMatchObject({
      code: "not_an_image",
      fieldErrors: { cover: expect.any(String) },
    });
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } })
      .gif()
      .toBuffer();
    await expect(setCoverImage(store.id, product.id, gif)).rejects.toMatchObject({ code: "not_an_image" });
    await expect(setCoverImage(store.id, product.id, Buffer.alloc(10 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: "cover_too_large",
    });
  });
});

describe("pay what you want", () => {
  it("charges the amount the server accepted, within the minimum and the maximum", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await publishedProduct(store, 1, {
      payWhatYouWant: true,
      price: "10.00",
      minimumPrice: "5.00",
    });
    expect(product).toMatchObject({ payWhatYouWant: true, priceAmount: 1000, minimumAmount: 500 });
    const line = (amount?: number) => [{ productId: product.id, quantity: 1, amount }];
    const db = await getDb();

    expect((await priceOrderLines(db, store.id, line(750))).subtotal).toBe(750);
    expect((await priceOrderLines(db, store.id, line())).subtotal).toBe(1000);
    await expect(priceOrderLines(db, store.id, line(499))).rejects.toMatchObject({
      code: "amount_refused",
      message: expect.stringContaining("Pay at least $5.00"),
    });
    await expect(priceOrderLines(db, store.id, line(100_000_000))).rejects.toMatchObject({ code: "amount_refused" });
    await expect(priceOrderLines(db, store.id, line(-1))).rejects.toMatchObject({ code: "amount_refused" });
    // Each line within bounds, but the order above what Stripe charges at once.
    await expect(
      priceOrderLines(db, store.id, [{ productId: product.id, quantity: 2, amount: 99_999_999 }]),
    ).rejects.toMatchObject({
      code: "order_too_large",
    });
    const order = await createPendingOrder(store.id, { mode: "test", email: "b@example.test", lines: line(2500) });
    expect(order).toMatchObject({ totalAmount: 2500, items: [{ unitAmount: 2500 }] });
  });

  it("ignores an amount sent for a fixed-price product", async () => {
    const { store } = await createOwnerWithStore();
    const { product } = await publishedProduct(store, 1, { price: "9.99" });
    const order = await createPendingOrder(store.id, {
      mode: "test",
      email: "b@example.test",
      lines: [{ productId: product.id, quantity: 1, amount: 1 }],
    });
    expect(order.totalAmount).toBe(999);
  });
});
