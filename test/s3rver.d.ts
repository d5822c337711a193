// s3rver ships no types; this is the part of its API the test setup uses.
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  export type S3rverOptions = {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  };

  /** The slice of Koa's context (s3rver is a Koa app) that the test setup touches. */
  export type S3rverContext = {
    method: string;
    status: number;
    body: unknown;
    length: number;
    get(header: string): string;
    set(header: string, value: string): void;
    response: { get(header: string): string };
  };

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Koa's middleware list, composed when the server starts. */
    middleware: ((ctx: S3rverContext, next: () => Promise<void>) => Promise<void>)[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
