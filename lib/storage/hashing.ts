import "server-only";
import { createHash } from "node:crypto";
import { pipeline, Readable, Transform, type TransformCallback } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { FileTooLargeError, type PutBody, type StoredObject } from "./storage";

/** Enough for file-type to recognise any format it knows. */
export const HEAD_BYTES = 4100;

/**
 * The one pass both backends stream a body through: counts bytes, refuses the chunk that
 * goes past maxBytes, hashes, and keeps the head.
 */
export class BodyMeter extends Transform {
  #hash = createHash("sha256");
  #sizeBytes = 0;
  #head: Buffer[] = [];
  #headLength = 0;

  constructor(private readonly maxBytes: number = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#sizeBytes += chunk.length;
    if (this.#sizeBytes > this.maxBytes) return callback(new FileTooLargeError(this.maxBytes));
    this.#hash.update(chunk);
    if (this.#headLength < HEAD_BYTES) {
      // A copy: the caller may reuse its buffer after we pass it on.
      const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - this.#headLength));
      this.#head.push(part);
      this.#headLength += part.length;
    }
    callback(null, chunk);
  }

  /** Only once the body has been read to its end. */
  result(storageKey: string): StoredObject {
    if (!this.writableFinished) throw new Error("the body has not been read to its end");
    return {
      storageKey,
      sizeBytes: this.#sizeBytes,
      sha256: this.#hash.digest("hex"),
      head: Buffer.concat(this.#head),
    };
  }
}

/**
 * The body as a Node stream, metered. An error in the source (or its abort) destroys the
 * meter with that error, and the meter's refusal destroys the source, so either side
 * stops the other.
 */
export function meterBody(body: PutBody, maxBytes?: number): BodyMeter {
  const meter = new BodyMeter(maxBytes);
  pipeline(toReadable(body), meter, () => {
    // Errors reach the consumer through the meter itself.
  });
  return meter;
}

function toReadable(body: PutBody): Readable {
  if (body instanceof Uint8Array) return Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  if (body instanceof Readable) return body;
  if (isWebStream(body)) return Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>);
  return new Readable().wrap(body);
}

function isWebStream(body: PutBody): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream<Uint8Array>).getReader === "function";
}
