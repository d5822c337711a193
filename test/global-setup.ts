import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import S3rver, { type S3rverContext } from "s3rver";
import type { TestProject } from "vitest/node";
import { connect, dumpMigratedPglite } from "@/db/client";
import { startSandbox } from "@/sandbox/server";
import { deliverySettingsFromEnv, type DeliverySettings } from "@/sandbox/webhooks/delivery-settings";

declare module "vitest" {
  export interface ProvidedContext {
    /** With Postgres: worker N's own migrated database is entry N - 1; empty on the embedded PGlite. */
    workerDatabaseUrls: string[];
    /** Without Postgres: a migrated embedded database each test file's in-memory one starts from. */
    pgliteTemplate: string | undefined;
    stripeSandboxUrl: string;
    /** An S3-compatible server (s3rver) for the storage contract tests, and its bucket. */
    s3Endpoint: string;
    s3Bucket: string;
  }
}

const S3_BUCKET = "storehost-test";

/** Chaos holds first attempts this long in tests unless SANDBOX_CHAOS_WINDOW_MS asks for less. */
const TEST_CHAOS_WINDOW_MS = 50;
/** The most a test run holds them, so a chaos run stays about as fast as an ordered one. */
const MAX_TEST_CHAOS_WINDOW_MS = 100;

/**
 * The run's webhook delivery: ordered unless `SANDBOX_DELIVERY=chaos`. A chaos run prints
 * its seed once, so a failure can be replayed with the same seed.
 */
function testDelivery(): { delivery: DeliverySettings } {
  const { delivery } = deliverySettingsFromEnv(process.env);
  if (delivery.mode !== "chaos") return { delivery };
  const windowMs = Math.min(
    process.env.SANDBOX_CHAOS_WINDOW_MS ? delivery.windowMs : TEST_CHAOS_WINDOW_MS,
    MAX_TEST_CHAOS_WINDOW_MS,
  );
  console.log(
    `[sandbox] webhook delivery: chaos, seed ${delivery.seed}, window ${windowMs} ms. ` +
      `Replay: SANDBOX_DELIVERY=chaos SANDBOX_CHAOS_SEED=${delivery.seed} npx vitest run <files>`,
  );
  return { delivery: { ...delivery, windowMs } };
}

/** s3rver on a free port with its data in a temp dir; the returned function stops it and removes the dir. */
async function startS3(project: TestProject): Promise<() => Promise<void>> {
  const directory = await mkdtemp(path.join(tmpdir(), "storehost-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: S3_BUCKET }],
  });
  server.middleware.unshift(sendOneByteForZeroToZero);
  const { port } = await server.run();
  project.provide("s3Endpoint", `http://127.0.0.1:${port}`);
  project.provide("s3Bucket", S3_BUCKET);
  return async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  };
}

/**
 * s3rver 3.7 reads `Range: bytes=0-0` as `bytes=0-` (`end || Infinity`) and sends the whole
 * object; S3 and MinIO send one byte. Corrected here rather than weakening the contract.
 */
async function sendOneByteForZeroToZero(ctx: S3rverContext, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.method !== "GET" || ctx.get("range") !== "bytes=0-0" || ctx.status !== 206 || !(ctx.body instanceof Readable))
    return;
  const size = ctx.response.get("content-range").split("/")[1] ?? "*";
  ctx.body = Readable.from(firstByte(ctx.body));
  ctx.set("Content-Range", `bytes 0-0/${size}`);
  ctx.length = 1;
}

async function* firstByte(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    yield (chunk as Buffer).subarray(0, 1);
    break;
  }
}

/**
 * With DATABASE_URL set, the run gets a fresh database on that server (migrated once here
 * and dropped afterwards), so tests never touch existing data. Without it, nothing to do.
 */
export default async function setup(project: TestProject) {
  // One in-memory Stripe sandbox for the run; each test makes its own sandbox account.
  const sandbox = await startSandbox({ port: 0, dataFile: null, retryScale: 0.0001, ...testDelivery() });
  project.provide("stripeSandboxUrl", sandbox.url);
  const stopS3 = await startS3(project);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("workerDatabaseUrls", []);
    const templateDir = await mkdtemp(path.join(tmpdir(), "storehost-pglite-"));
    const template = path.join(templateDir, "migrated.tar");
    await writeFile(template, Buffer.from(await (await dumpMigratedPglite()).arrayBuffer()));
    project.provide("pgliteTemplate", template);
    return async () => {
      await sandbox.close();
      await stopS3();
      await rm(templateDir, { recursive: true, force: true });
    };
  }
  project.provide("pgliteTemplate", undefined);
  // One migrated database, then a copy of it per worker, so files running side by side
  // never see each other's rows (and each worker's files run one after another, as before).
  const { Client } = await import("pg");
  const name = `storehost_test_${randomBytes(4).toString("hex")}`;
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const databases = [name, ...Array.from({ length: workers }, (_, i) => `${name}_w${i + 1}`)];
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const urlOf = (database: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  try {
    await admin.query(`create database ${name}`);
    const { close } = await connect({ databaseUrl: urlOf(name), pgliteDataDir: "" });
    await close();
    for (const copy of databases.slice(1)) await admin.query(`create database ${copy} template ${name}`);
  } finally {
    await admin.end();
  }
  project.provide("workerDatabaseUrls", databases.slice(1).map(urlOf));

  return async () => {
    await sandbox.close();
    await stopS3();
    const drop = new Client({ connectionString: serverUrl });
    await drop.connect();
    for (const database of databases) await drop.query(`drop database if exists ${database} with (force)`);
    await drop.end();
  };
}
