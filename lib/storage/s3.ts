import "server-only";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { log } from "@/lib/log";
import { meterBody } from "./hashing";
import { checkedStorageKey, newStorageKey } from "./keys";
import { Upload } from "@aws-sdk/lib-storage";
import type { ByteRange, ObjectStorage, PutBody, PutOptions, StoredObject } from "./storage";

export type S3Config = {
  driver: "s3";
  bucket: string;
  region: string;
  /** For MinIO, R2, s3rver; unset means AWS S3. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

// S3's smallest part, one part in flight: lib-storage copies each part into a buffer of
// its own, so this keeps a 300 MB upload to about +65 MB of RSS (s3.memory.test.ts).
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 1;

/**
 * Objects in one S3-compatible bucket under their plain keys, so every app instance
 * configured with the same bucket sees every object.
 */
export class S3Storage implements ObjectStorage {
  readonly driver = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Since 3.729 the SDK adds CRC32 checksums to uploads by default (aws-chunked bodies
      // for streams), which several S3-compatible servers refuse; we keep our own SHA-256.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(storeId: string, body: PutBody, options: PutOptions = {}): Promise<StoredObject> {
    const storageKey = newStorageKey(storeId);
    const meter = meterBody(body, options.maxBytes);
    // Large enough that the size limit fits in S3's 10,000 parts.
    const partSize = Math.max(PART_SIZE, Math.ceil((options.maxBytes ?? 0) / 10_000));
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: storageKey, Body: meter, ContentType: options.contentType },
        partSize,
        queueSize: QUEUE_SIZE,
        // On failure lib-storage aborts the multipart upload, so no parts are left billed.
        leavePartsOnError: false,
      }).done();
      return meter.result(storageKey);
    } catch (error) {
      meter.destroy();
      // Nothing should exist, unless the answer to a completed upload was lost on the way.
      await this.delete(storageKey).catch((err: unknown) =>
        log.warn({ err, storageKey }, "could not delete a failed upload"),
      );
      throw meter.errored ?? error;
    }
  }

  async size(storageKey: string): Promise<number> {
    const head = await this.client.send(
      new HeadObjectCommand({ Bucket: this.bucket, Key: checkedStorageKey(storageKey) }),
    );
    if (head.ContentLength === undefined) throw new Error(`S3 returned no size for ${storageKey}`);
    return head.ContentLength;
  }

  async read(storageKey: string, range?: ByteRange): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: checkedStorageKey(storageKey),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    if (!(object.Body instanceof Readable)) throw new Error(`S3 returned no stream for ${storageKey}`);
    return object.Body;
  }

  async delete(storageKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkedStorageKey(storageKey) }));
  }
}
