import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { AbortMultipartUploadCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { byteAt, generated, localDiskBackend, MiB, s3Backend } from "@/test/storage-backends";
import { HEAD_BYTES } from "./hashing";
import { createStorage } from "./index";
import { FileTooLargeError, type ObjectStorage } from "./storage";

// The memory bound is tested in local-disk.memory.test.ts and s3.memory.test.ts.

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const backends = [localDiskBackend(), s3Backend()];

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(backends)("object storage contract: $name", (backend) => {
  let storage: ObjectStorage;
  let storeId: string;
  beforeAll(() => {
    storage = createStorage(backend.config());
  });
  const newStore = () => (storeId = randomUUID());

  /**
   * S3 keeps the parts of an unfinished multipart upload (billed, unlisted) until it is
   * aborted. s3rver can neither list nor abort uploads, so check the abort was asked for.
   */
  function watchMultipartAborts(): () => string[] {
    const send = vi.spyOn(S3Client.prototype, "send");
    return () =>
      send.mock.calls.flatMap(([command]) =>
        command instanceof AbortMultipartUploadCommand ? [command.input.UploadId ?? ""] : [],
      );
  }
  const isS3 = backend.config().driver === "s3";

  it("round-trips bytes with their size, SHA-256 and head, under a key in the store's folder", async () => {
    newStore();
    const bytes = randomBytes(10_000);
    const stored = await storage.put(storeId, Readable.from(chunksOf(bytes, 999)));
    expect(stored.storageKey).toMatch(new RegExp(`^${storeId}/[0-9a-f-]{36}$`));
    expect(stored.sizeBytes).toBe(10_000);
    expect(stored.sha256).toBe(sha256(bytes));
    expect(stored.head.equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
    expect(await storage.size(stored.storageKey)).toBe(10_000);
    expect((await buffer(await storage.read(stored.storageKey))).equals(bytes)).toBe(true);
    expect(await backend.leftovers(storeId)).toEqual([stored.storageKey]);
  });

  it("reads inclusive byte ranges: the first byte, the middle, the last byte", async () => {
    newStore();
    const bytes = randomBytes(10_000);
    const { storageKey } = await storage.put(storeId, bytes);
    const read = async (start: number, end: number) => buffer(await storage.read(storageKey, { start, end }));
    expect((await read(0, 0)).equals(bytes.subarray(0, 1))).toBe(true);
    expect((await read(4000, 5999)).equals(bytes.subarray(4000, 6000))).toBe(true);
    expect((await read(9999, 9999)).equals(bytes.subarray(9999))).toBe(true);
  });

  it("takes a Web ReadableStream, a Node Readable and a Uint8Array view alike", async () => {
    newStore();
    const backing = randomBytes(5000);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, 3000); // not at offset 0 of its buffer
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunksOf(Buffer.from(view), 512)) controller.enqueue(new Uint8Array(c));
        controller.close();
      },
    });
    for (const body of [web, Readable.from(chunksOf(Buffer.from(view), 700)), view]) {
      const stored = await storage.put(storeId, body, { contentType: "application/octet-stream" });
      expect(stored.sizeBytes).toBe(3000);
      expect(stored.sha256).toBe(sha256(view));
      expect((await buffer(await storage.read(stored.storageKey))).equals(view)).toBe(true);
    }
  });

  it("stores an empty body as a 0-byte object (whether that is allowed is the caller's call)", async () => {
    newStore();
    const stored = await storage.put(storeId, new Uint8Array(0));
    expect(stored).toMatchObject({ sizeBytes: 0, sha256: sha256(new Uint8Array(0)) });
    expect(stored.head.length).toBe(0);
    expect(await storage.size(stored.storageKey)).toBe(0);
    expect((await buffer(await storage.read(stored.storageKey))).length).toBe(0);
  });

  it("refuses a body over maxBytes, stops reading it, and leaves nothing behind", async () => {
    newStore();
    // Exactly the limit is fine.
    const fits = await storage.put(storeId, randomBytes(1000), { maxBytes: 1000 });
    expect(fits.sizeBytes).toBe(1000);
    await storage.delete(fits.storageKey);

    await expect(storage.put(storeId, randomBytes(1001), { maxBytes: 1000 })).rejects.toThrow(FileTooLargeError);
    // Endless, and past one multipart part before the limit trips, so S3 has parts to abort.
    const aborts = watchMultipartAborts();
    const endless = generated(Number.POSITIVE_INFINITY);
    const error = await storage.put(storeId, endless.stream, { maxBytes: 12 * MiB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error).toMatchObject({
      code: "file_too_large",
      status: 413,
      message: "The file is larger than the 12 MB limit.",
    });
    expect(endless.sent()).toBeLessThanOrEqual(12 * MiB + 4 * MiB);
    expect(await backend.leftovers(storeId)).toEqual([]);
    if (isS3) expect(aborts()).toEqual([expect.stringMatching(/.+/)]);
  });

  it.each([
    ["errors", { failAfter: 12 * MiB }],
    ["is aborted", { abortAfter: 12 * MiB }],
  ])("leaves nothing behind when the source %s midway", async (_what, failure) => {
    newStore();
    const aborts = watchMultipartAborts();
    const source = generated(30 * MiB, failure);
    const attempt = storage.put(storeId, source.stream);
    await expect(attempt).rejects.toThrow("failAfter" in failure ? "connection reset by peer" : /premature close/i);
    expect(await backend.leftovers(storeId)).toEqual([]);
    if (isS3) expect(aborts()).toEqual([expect.stringMatching(/.+/)]);
  });

  it("leaves nothing behind when a Web stream errors midway", async () => {
    newStore();
    let pulls = 0;
    const web = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls > 10) controller.error(new Error("client went away"));
        else controller.enqueue(new Uint8Array(MiB));
      },
    });
    await expect(storage.put(storeId, web)).rejects.toThrow("client went away");
    expect(await backend.leftovers(storeId)).toEqual([]);
  });

  it("deletes idempotently, and a deleted object is gone", async () => {
    newStore();
    const { storageKey } = await storage.put(storeId, randomBytes(100));
    await storage.delete(storageKey);
    await storage.delete(storageKey);
    await storage.delete(`${storeId}/${randomUUID()}`);
    await expect(storage.size(storageKey)).rejects.toThrow();
    await expect(storage.read(storageKey)).rejects.toThrow();
    expect(await backend.leftovers(storeId)).toEqual([]);
  });

  it("refuses keys that are not storage keys", async () => {
    await expect(storage.size("../../etc/passwd")).rejects.toThrow(/invalid storage key/);
    await expect(storage.read("a/.b")).rejects.toThrow(/invalid storage key/);
    await expect(storage.put("../x", new Uint8Array(1))).rejects.toThrow(/invalid storage key/);
  });

  it("shares objects between instances with the same configuration (how the platform scales out)", async () => {
    newStore();
    const bytes = randomBytes(2000);
    const { storageKey } = await storage.put(storeId, bytes);
    const other = createStorage(backend.config());
    expect(await other.size(storageKey)).toBe(2000);
    expect((await buffer(await other.read(storageKey))).equals(bytes)).toBe(true);
    await other.delete(storageKey);
    await expect(storage.size(storageKey)).rejects.toThrow();
  });

  it("round-trips a multipart-sized object (20 MiB + 1 byte) with the right SHA-256", async () => {
    newStore();
    const source = generated(20 * MiB + 1, { chunk: 3 * MiB });
    const stored = await storage.put(storeId, source.stream);
    const expected = source.sha256();
    expect(stored).toMatchObject({ sizeBytes: 20 * MiB + 1, sha256: expected });
    expect(await storage.size(stored.storageKey)).toBe(20 * MiB + 1);
    const back = createHash("sha256");
    for await (const chunk of await storage.read(stored.storageKey)) back.update(chunk as Buffer);
    expect(back.digest("hex")).toBe(expected);
    // Across the first 8 MiB part boundary (and a 3 MiB chunk boundary at 9 MiB), and the last byte.
    for (const [start, end] of [
      [8 * MiB - 2, 9 * MiB + 1],
      [20 * MiB, 20 * MiB],
    ] as const) {
      const part = await buffer(await storage.read(stored.storageKey, { start, end }));
      expect(part.length).toBe(end - start + 1);
      expect(part.every((b, i) => b === byteAt(start + i, 3 * MiB))).toBe(true);
    }
    await storage.delete(stored.storageKey);
  });
});

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
