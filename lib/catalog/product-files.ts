import "server-only";
import { and, count, eq, isNull, max, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { orderItems, productFiles, products, type ProductFile } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format-bytes";
import { log } from "@/lib/log";
import { getStorage } from "@/lib/storage";
import { FileTooLargeError, type StoredObject } from "@/lib/storage/storage";
import { sanitizeFileName } from "./file-names";
import { deleteObjects, isUuid, productNotFound, requireProduct } from "./products";

export const MAX_FILES_PER_PRODUCT = 20;

/** What the admin's uploader is told about a stored file. */
export function productFileView(file: ProductFile) {
  return {
    id: file.id,
    fileName: file.fileName,
    sizeBytes: file.sizeBytes,
    contentType: file.contentType,
    sha256: file.sha256,
  };
}

/** An upload as it arrives: a stream of bytes and what the browser said about it. */
export type UploadSource = {
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream | Uint8Array;
  /** The name on the owner's disk; sanitized before anyone sees it. */
  fileName: string;
  /** Content-Length, when the client sent one: a body that ends short of it was cut off. */
  declaredSize?: number | null;
};

/**
 * Adds a file to a product: streamed to storage (never whole in memory), hashed, its type
 * sniffed from the bytes, and attached only once everything succeeded. A refused or
 * interrupted upload leaves no row and no stored object behind.
 */
export async function addProductFile(storeId: string, productId: string, source: UploadSource): Promise<ProductFile> {
  const fileName = checkedName(source.fileName);
  await requireFileSlot(storeId, productId);
  const stored = await storeUpload(storeId, source);
  try {
    const contentType = await detectContentType(stored, fileName);
    const db = await getDb();
    const file = await db.transaction(async (tx) => {
      // The product row lock serializes concurrent uploads, so the limit holds under races.
      await lockProduct(tx, storeId, productId);
      const [stats] = await tx
        .select({ n: count(), last: max(productFiles.position) })
        .from(productFiles)
        .where(activeFilesOf(storeId, productId));
      if ((stats?.n ?? 0) >= MAX_FILES_PER_PRODUCT) throw tooManyFiles();
      const [row] = await tx
        .insert(productFiles)
        .values({
          storeId,
          productId,
          fileName,
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
          position: (stats?.last ?? -1) + 1,
        })
        .returning();
      if (!row) throw new Error("product file insert returned no row");
      return row;
    });
    log.info({ storeId, productId, fileId: file.id, sizeBytes: file.sizeBytes }, "product file added");
    return file;
  } catch (error) {
    await deleteObjects([stored.storageKey]);
    throw error;
  }
}

/**
 * Replaces a file's bytes in place. Buyers' grants point at the file, not at the bytes,
 * so every buyer's next download gets the new version; the old object is deleted only
 * after the row points at the new one.
 */
export async function replaceProductFile(
  storeId: string,
  productId: string,
  fileId: string,
  source: UploadSource,
): Promise<ProductFile> {
  const fileName = checkedName(source.fileName);
  await requireActiveFile(storeId, productId, fileId);
  const stored = await storeUpload(storeId, source);
  let previousKey: string;
  let file: ProductFile;
  try {
    const contentType = await detectContentType(stored, fileName);
    const db = await getDb();
    ({ previousKey, file } = await db.transaction(async (tx) => {
      await lockProduct(tx, storeId, productId);
      const [current] = await tx
        .select()
        .from(productFiles)
        .where(and(activeFilesOf(storeId, productId), eq(productFiles.id, fileId)))
        .for("update");
      if (!current) throw fileNotFound();
      const [row] = await tx
        .update(productFiles)
        .set({
          fileName,
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
        })
        .where(and(eq(productFiles.storeId, storeId), eq(productFiles.id, fileId)))
        .returning();
      if (!row) throw fileNotFound();
      return { previousKey: current.storageKey, file: row };
    }));
  } catch (error) {
    await deleteObjects([stored.storageKey]);
    throw error;
  }
  await deleteObjects([previousKey]);
  log.info({ storeId, productId, fileId, sizeBytes: file.sizeBytes }, "product file replaced");
  return file;
}

export async function renameProductFile(
  storeId: string,
  productId: string,
  fileId: string,
  rawName: string,
): Promise<ProductFile> {
  const fileName = checkedName(rawName, "fileName");
  const db = await getDb();
  const [row] = await db
    .update(productFiles)
    .set({ fileName })
    .where(and(activeFilesOf(storeId, productId), eq(productFiles.id, fileId)))
    .returning();
  if (!row) throw fileNotFound();
  return row;
}

/** Puts the product's current files in the given order; the list must name each of them once. */
export async function reorderProductFiles(storeId: string, productId: string, fileIds: string[]): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockProduct(tx, storeId, productId);
    const current = await tx
      .select({ id: productFiles.id })
      .from(productFiles)
      .where(activeFilesOf(storeId, productId));
    const same =
      current.length === fileIds.length &&
      new Set(fileIds).size === fileIds.length &&
      current.every((f) => fileIds.includes(f.id));
    if (!same)
      throw new AppError("stale_file_list", "The files changed while you were reordering. Reload and try again.", 409);
    for (const [position, id] of fileIds.entries()) {
      await tx
        .update(productFiles)
        .set({ position })
        .where(and(eq(productFiles.storeId, storeId), eq(productFiles.id, id)));
    }
  });
}

/**
 * Takes a file off the product: new buyers no longer get it. Buyers who already have a
 * link keep it, so a file of a product that was ever ordered stays stored (marked
 * removed); only a never-ordered product's file is deleted outright. A published product
 * keeps at least one file.
 */
export async function removeProductFile(storeId: string, productId: string, fileId: string): Promise<void> {
  const db = await getDb();
  const deletedKey = await db.transaction(async (tx) => {
    const product = await lockProduct(tx, storeId, productId);
    const files = await tx
      .select({ id: productFiles.id, storageKey: productFiles.storageKey })
      .from(productFiles)
      .where(activeFilesOf(storeId, productId));
    const file = files.find((f) => f.id === fileId);
    if (!file) throw fileNotFound();
    if (product.status === "published" && files.length === 1) {
      throw new AppError(
        "last_file",
        "A published product needs at least one file. Add another file first, or set the product to Draft.",
        409,
      );
    }
    // Kept (marked removed) once the product was ever ordered: a grant for it may exist, or be
    // in a payment's transaction right now. Only a never-ordered product's file is deleted.
    const [ordered] = await tx
      .select({ n: count() })
      .from(orderItems)
      .where(and(eq(orderItems.storeId, storeId), eq(orderItems.productId, productId)));
    if (ordered?.n) {
      await tx
        .update(productFiles)
        .set({ removedAt: sql`now()` })
        .where(and(eq(productFiles.storeId, storeId), eq(productFiles.id, fileId)));
      return null;
    }
    await tx.delete(productFiles).where(and(eq(productFiles.storeId, storeId), eq(productFiles.id, fileId)));
    return file.storageKey;
  });
  if (deletedKey) await deleteObjects([deletedKey]);
  log.info({ storeId, productId, fileId, kept: deletedKey === null }, "product file removed");
}

function activeFilesOf(storeId: string, productId: string) {
  return and(eq(productFiles.storeId, storeId), eq(productFiles.productId, productId), isNull(productFiles.removedAt));
}

async function lockProduct(tx: Tx, storeId: string, productId: string) {
  if (!isUuid(productId)) throw productNotFound();
  const [product] = await tx
    .select({ id: products.id, status: products.status })
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.id, productId)))
    .for("update");
  if (!product) throw productNotFound();
  return product;
}

/** Checked before reading any bytes, so a hopeless upload is refused at once. */
async function requireFileSlot(storeId: string, productId: string): Promise<void> {
  await requireProduct(storeId, productId);
  const db = await getDb();
  const [stats] = await db.select({ n: count() }).from(productFiles).where(activeFilesOf(storeId, productId));
  if ((stats?.n ?? 0) >= MAX_FILES_PER_PRODUCT) throw tooManyFiles();
}

async function requireActiveFile(storeId: string, productId: string, fileId: string): Promise<void> {
  if (!isUuid(productId) || !isUuid(fileId)) throw fileNotFound();
  const db = await getDb();
  const [file] = await db
    .select({ id: productFiles.id })
    .from(productFiles)
    .where(and(activeFilesOf(storeId, productId), eq(productFiles.id, fileId)));
  if (!file) throw fileNotFound();
}

/** Streams the upload into storage within the size limit; an empty or cut-off body is refused. */
async function storeUpload(storeId: string, source: UploadSource): Promise<StoredObject> {
  const limit = env.UPLOAD_MAX_BYTES;
  if (source.declaredSize != null && source.declaredSize > limit) throw fileTooLarge(limit);
  if (source.declaredSize === 0) throw emptyFile();
  let stored: StoredObject;
  try {
    stored = await getStorage().put(storeId, source.body, { maxBytes: limit });
  } catch (error) {
    // Storage has already removed what it wrote; say it in the form's words.
    if (error instanceof FileTooLargeError) throw fileTooLarge(limit);
    throw error;
  }
  if (stored.sizeBytes === 0 || (source.declaredSize != null && stored.sizeBytes !== source.declaredSize)) {
    await deleteObjects([stored.storageKey]);
    if (stored.sizeBytes === 0) throw emptyFile();
    throw new AppError(
      "upload_incomplete",
      "The upload was interrupted before the whole file arrived. Try again.",
      400,
      {
        files: "The upload was interrupted. Try again.",
      },
    );
  }
  return stored;
}

/** The type the bytes say they are; text formats have no signature, so their extension decides. */
async function detectContentType(stored: StoredObject, fileName: string): Promise<string> {
  const sniffed = await fileTypeFromBuffer(stored.head);
  if (sniffed) return sniffed.mime;
  const extension = fileName.toLowerCase().split(".").pop() ?? "";
  return TEXT_TYPES[extension] ?? "application/octet-stream";
}

const TEXT_TYPES: Record<string, string> = {
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  svg: "image/svg+xml",
  html: "text/html",
  css: "text/css",
  js: "text/javascript",
};

function checkedName(raw: string, field = "files"): string {
  const name = sanitizeFileName(raw);
  if (!name)
    throw new AppError("bad_file_name", "The file needs a name.", 400, {
      [field]: "Give the file a name with letters or digits.",
    });
  return name;
}

function fileTooLarge(limit: number) {
  return new AppError("file_too_large", `The file is larger than the ${formatBytes(limit)} limit.`, 413, {
    files: `The file is larger than the ${formatBytes(limit)} limit.`,
  });
}

function emptyFile() {
  return new AppError("empty_file", "This file is empty.", 400, {
    files: "This file is empty (0 bytes). Choose the file you meant to sell.",
  });
}

function tooManyFiles() {
  return new AppError("too_many_files", `A product can have at most ${MAX_FILES_PER_PRODUCT} files.`, 409, {
    files: `A product can have at most ${MAX_FILES_PER_PRODUCT} files. Remove one first.`,
  });
}

function fileNotFound() {
  return new AppError("file_not_found", "This file is not part of the product.", 404);
}
