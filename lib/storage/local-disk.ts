import "server-only";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { meterBody } from "./hashing";
import { checkedStorageKey, newStorageKey } from "./keys";
import type { ByteRange, ObjectStorage, PutBody, PutOptions, StoredObject } from "./storage";

export type LocalDiskConfig = { driver: "local"; root: string };

/** Objects as files under one folder (`<DATA_DIR>/files` in the app), one subfolder per store. */
export class LocalDiskStorage implements ObjectStorage {
  readonly driver = "local";
  private readonly root: string;

  constructor(config: LocalDiskConfig) {
    this.root = path.resolve(config.root);
  }

  async put(storeId: string, body: PutBody, options: PutOptions = {}): Promise<StoredObject> {
    const storageKey = newStorageKey(storeId);
    const file = this.fileOf(storageKey);
    // A dot name in the same folder: no key can name it, and rename makes the file appear
    // under its key only once it is complete.
    const temp = path.join(path.dirname(file), `.${randomUUID()}.partial`);
    await mkdir(path.dirname(file), { recursive: true });
    const meter = meterBody(body, options.maxBytes);
    const out = createWriteStream(temp, { flags: "wx" });
    try {
      await pipeline(meter, out);
      const stored = meter.result(storageKey);
      await rename(temp, file);
      return stored;
    } catch (error) {
      meter.destroy();
      out.destroy();
      await finished(out).catch(() => {});
      await rm(temp, { force: true });
      throw meter.errored ?? error;
    }
  }

  async size(storageKey: string): Promise<number> {
    return (await stat(this.fileOf(storageKey))).size;
  }

  async read(storageKey: string, range?: ByteRange): Promise<Readable> {
    // Opened here so a missing file throws now, not later on the stream.
    const handle = await open(this.fileOf(storageKey), "r");
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(storageKey: string): Promise<void> {
    await rm(this.fileOf(storageKey), { force: true });
  }

  private fileOf(storageKey: string): string {
    return path.join(this.root, checkedStorageKey(storageKey));
  }
}
