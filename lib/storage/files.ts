import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { env } from "@/lib/env";

/**
 * Product files on local disk under `<DATA_DIR>/files`. Keys are generated here, never
 * taken from users, so a key can't climb out of the folder.
 */
const root = () => path.resolve(env.DATA_DIR, "files");

function resolveKey(key: string): string {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/i.test(key)) throw new Error(`invalid storage key: ${key}`);
  return path.join(root(), key);
}

export type StoredFile = { storageKey: string; sizeBytes: number; sha256: string };

export async function storeFile(storeId: string, bytes: Uint8Array): Promise<StoredFile> {
  const storageKey = `${storeId}/${randomUUID()}`;
  const file = resolveKey(storageKey);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return { storageKey, sizeBytes: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
}

export async function fileSize(storageKey: string): Promise<number> {
  return (await stat(resolveKey(storageKey))).size;
}

/** A stream of the file, or of the inclusive byte range [start, end]. */
export function readFileStream(storageKey: string, range?: { start: number; end: number }): Readable {
  return createReadStream(resolveKey(storageKey), range);
}
