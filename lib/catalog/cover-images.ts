import "server-only";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { products, type CoverImage, type Product } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { COVER_FORMATS, MAX_COVER_BYTES } from "./cover-rules";
import { getStorage } from "@/lib/storage";
import { deleteObjects, isUuid, productNotFound, requireProduct } from "./products";

/** The sizes the storefront serves: the grid's card (4:3, cropped) and the product page's. */
export const COVER_VARIANTS = {
  card: { width: 640, height: 480, fit: "cover" },
  detail: { width: 1200, height: 1200, fit: "inside" },
} as const satisfies Record<keyof CoverImage["variants"], { width: number; height: number; fit: "cover" | "inside" }>;
export type CoverVariant = keyof typeof COVER_VARIANTS;

/**
 * Sets a product's cover from an uploaded PNG, JPEG or WebP of at most 10 MB. The bytes
 * are checked by decoding them (not by name or declared type), then the original and a
 * WebP per variant are stored, and the previous cover's objects are deleted.
 */
export async function setCoverImage(
  storeId: string,
  productId: string,
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | Uint8Array,
): Promise<CoverImage> {
  await requireProduct(storeId, productId);
  const bytes = await readLimited(body, MAX_COVER_BYTES);
  if (bytes.length === 0) throw notAnImage();
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (!metadata?.format || !COVER_FORMATS.includes(metadata.format) || !metadata.width || !metadata.height)
    throw notAnImage();

  const storage = getStorage();
  const written: string[] = [];
  try {
    const original = await storage.put(storeId, bytes, { contentType: `image/${metadata.format}` });
    written.push(original.storageKey);
    const variants = {} as CoverImage["variants"];
    for (const [name, size] of Object.entries(COVER_VARIANTS) as [
      CoverVariant,
      (typeof COVER_VARIANTS)[CoverVariant],
    ][]) {
      const resized = await sharp(bytes)
        .rotate() // honour EXIF orientation from phone cameras
        .resize({ width: size.width, height: size.height, fit: size.fit, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer();
      const stored = await storage.put(storeId, resized, { contentType: "image/webp" });
      written.push(stored.storageKey);
      variants[name] = stored.storageKey;
    }
    const cover: CoverImage = {
      version: randomBytes(6).toString("hex"),
      originalKey: original.storageKey,
      width: metadata.width,
      height: metadata.height,
      variants,
    };
    const previous = await swapCover(storeId, productId, cover);
    await deleteObjects(coverKeys(previous));
    log.info({ storeId, productId }, "cover image set");
    return cover;
  } catch (error) {
    await deleteObjects(written);
    throw error;
  }
}

export async function removeCoverImage(storeId: string, productId: string): Promise<void> {
  await requireProduct(storeId, productId);
  const previous = await swapCover(storeId, productId, null);
  await deleteObjects(coverKeys(previous));
}

/** The public path of a cover variant; the version in it changes with every upload, so it caches forever. */
export function coverImagePath(product: Pick<Product, "id" | "coverImage">, variant: CoverVariant): string | null {
  return product.coverImage ? `/media/covers/${product.id}/${variant}.webp?v=${product.coverImage.version}` : null;
}

export type CoverFile = { body: Readable; sizeBytes: number; version: string; productStatus: Product["status"] };

/** A product's cover variant as bytes, or null when the product or its cover does not exist in this store. */
export async function openCoverImage(
  storeId: string,
  productId: string,
  variant: CoverVariant,
): Promise<CoverFile | null> {
  if (!isUuid(productId)) return null;
  const db = await getDb();
  const [product] = await db
    .select({ coverImage: products.coverImage, status: products.status })
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.id, productId)));
  const key = product?.coverImage?.variants[variant];
  if (!product?.coverImage || !key) return null;
  const storage = getStorage();
  const [sizeBytes, body] = [await storage.size(key), await storage.read(key)];
  return { body, sizeBytes, version: product.coverImage.version, productStatus: product.status };
}

async function swapCover(storeId: string, productId: string, cover: CoverImage | null): Promise<CoverImage | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ coverImage: products.coverImage })
      .from(products)
      .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
      .for("update");
    if (!current) throw productNotFound();
    await tx
      .update(products)
      .set({ coverImage: cover })
      .where(and(eq(products.storeId, storeId), eq(products.id, productId)));
    return current.coverImage;
  });
}

function coverKeys(cover: CoverImage | null): string[] {
  return cover ? [cover.originalKey, ...Object.values(cover.variants)] : [];
}

/** Reads a small upload into memory, refusing it as soon as it passes `limit`. */
async function readLimited(
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | Uint8Array,
  limit: number,
): Promise<Buffer> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw coverTooLarge();
    return Buffer.from(body);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    total += buffer.length;
    if (total > limit) throw coverTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function notAnImage() {
  return new AppError("not_an_image", "This file is not a PNG, JPEG or WebP image.", 400, {
    cover: "This file is not a PNG, JPEG or WebP image.",
  });
}

function coverTooLarge() {
  return new AppError("cover_too_large", "The cover image is larger than 10 MB.", 413, {
    cover: "The cover image is larger than 10 MB. Use a smaller image.",
  });
}
