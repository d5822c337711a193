import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, expect, inject, it } from "vitest";
import { createStorage, type StorageConfig } from "@/lib/storage";

export const MiB = 1024 * 1024;

/** One storage backend under test: how to build it, and how to see what it really holds. */
export type Backend = {
  name: string;
  config: () => StorageConfig;
  /** Every object (on disk also every temp file) under the store's prefix, listed from the backend itself. */
  leftovers: (storeId: string) => Promise<string[]>;
};

/** Local disk in a temp folder, removed after the file's tests. */
export function localDiskBackend(): Backend {
  const root = mkdtempSync(path.join(tmpdir(), "storehost-storage-"));
  afterAll(() => rm(root, { recursive: true, force: true }));
  return {
    name: "local disk",
    config: () => ({ driver: "local", root }),
    leftovers: async (storeId) => {
      const entries = await readdir(path.join(root, storeId)).catch(() => []);
      const strays = (await readdir(root)).filter((name) => name.startsWith("."));
      return [...entries.map((name) => `${storeId}/${name}`), ...strays];
    },
  };
}

const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The s3rver the global setup started, with its bucket. */
export function s3Backend(): Backend {
  return {
    name: "S3 (s3rver)",
    config: () => ({
      driver: "s3",
      endpoint: inject("s3Endpoint"),
      bucket: inject("s3Bucket"),
      region: "us-east-1",
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    }),
    leftovers: async (storeId) => {
      const client = new S3Client({
        endpoint: inject("s3Endpoint"),
        region: "us-east-1",
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      try {
        const listed = await client.send(
          new ListObjectsV2Command({ Bucket: inject("s3Bucket"), Prefix: `${storeId}/` }),
        );
        return (listed.Contents ?? []).map((o) => o.Key ?? "");
      } finally {
        client.destroy();
      }
    },
  };
}

/** The byte at `offset` in a generated body: constant within each chunk, different between chunks. */
export const byteAt = (offset: number, chunk: number) => (Math.floor(offset / chunk) * 7) % 256;

/**
 * `total` bytes made as they are read, each chunk a fresh buffer (so a backend that kept
 * them would show in memory); can error or be aborted midway.
 */
export function generated(
  total: number,
  options: { chunk?: number; failAfter?: number; abortAfter?: number; onChunk?: () => void } = {},
) {
  const chunk = options.chunk ?? MiB;
  const hash = createHash("sha256");
  let sent = 0;
  const stream = new Readable({
    read() {
      options.onChunk?.();
      if (options.failAfter !== undefined && sent >= options.failAfter)
        return this.destroy(new Error("connection reset by peer"));
      if (options.abortAfter !== undefined && sent >= options.abortAfter) return this.destroy();
      if (sent >= total) return this.push(null);
      const bytes = Buffer.alloc(Math.min(chunk, total - sent), byteAt(sent, chunk));
      hash.update(bytes);
      sent += bytes.length;
      this.push(bytes);
    },
  });
  return { stream, sent: () => sent, sha256: () => hash.digest("hex") };
}

/**
 * Puts 300 MiB from a generated stream and samples RSS throughout. One backend per test
 * file: freed memory stays in RSS, so a second big upload in the same process could hide
 * its own growth.
 */
export function itStreamsWithBoundedMemory(backend: Backend) {
  it(
    `${backend.name}: streams 300 MiB with RSS peaking under 100 MB above where it started`,
    { timeout: 90_000 },
    async () => {
      const storage = createStorage(backend.config());
      // Pays the one-time costs (SDK modules, connections) before the baseline is taken.
      await storage.delete((await storage.put("memory-test", new Uint8Array(1))).storageKey);
      globalThis.gc?.();
      const before = process.memoryUsage.rss();
      let peak = before;
      const sample = () => {
        peak = Math.max(peak, process.memoryUsage.rss());
      };
      const timer = setInterval(sample, 20);
      const source = generated(300 * MiB, { onChunk: sample });
      const started = performance.now();
      const stored = await storage.put("memory-test", source.stream).finally(() => clearInterval(timer));
      sample();
      console.info(
        `${backend.name}: 300 MiB in ${Math.round(performance.now() - started)} ms, RSS +${Math.round((peak - before) / MiB)} MiB at peak`,
      );
      expect(stored).toMatchObject({ sizeBytes: 300 * MiB, sha256: source.sha256() });
      expect(peak - before).toBeLessThan(100 * 1000 * 1000);
      await storage.delete(stored.storageKey);
    },
  );
}
