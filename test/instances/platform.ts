// Two app instances (`next start` from the production build) on one Postgres and one
// S3-compatible bucket (s3rver), with their mail going to one Resend stand-in: the
// deployment the several-instances test needs, as a worker-scoped Playwright fixture.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { test as base } from "@playwright/test";
import pg from "pg";
import S3rver from "s3rver";
import { startPostgres } from "../../bench/postgres";
import { freePort, startServer, type Server } from "../../bench/server";
import { startResendStandIn, type ResendStandIn } from "../resend-stand-in";
import type { InstancesStore } from "./setup-store";

const ROOT = process.cwd();
const S3_BUCKET = "storehost-instances";
/** Short, so an idle worker finds due mail soon; webhooks kick their own instance's worker anyway. */
export const OUTBOX_POLL_MS = 1000;

export type Instance = { name: "A" | "B"; server: Server; origin: string };

export type Platform = {
  a: Instance;
  b: Instance;
  store: InstancesStore;
  /** The Test signing secret the store has now (the settings test saves a new one). */
  webhookSecret: string;
  /** The store's host without a port: both instances serve it (ROOT_DOMAIN has no port). */
  host: string;
  /** A connection of the test's own, in the platform scope (row-level security lets it read every store). */
  db: pg.Client;
  databaseUrl: string;
  resend: ResendStandIn;
  /** Runs a script under the app's code and the instances' env (tsx, react-server conditions). */
  runAppScript: (script: string, args: string[]) => Promise<void>;
  runDir: string;
};

/** A database of our own: a fresh one on DATABASE_URL's server (as CI gives), else a throwaway cluster. */
async function startDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const cluster = startPostgres();
    return { url: cluster.url, stop: async () => cluster.stop() };
  }
  const name = `storehost_instances_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: async () => {
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

async function startS3(runDir: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(runDir, "s3"),
    configureBuckets: [{ name: S3_BUCKET }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}

async function healthy(origin: string): Promise<boolean> {
  return (await fetch(`${origin}/api/health`)).ok;
}

export const test = base.extend<object, { platform: Platform }>({
  platform: [
    // Not named `use`: the React hooks lint rule would read it as the hook.
    async ({}, provide) => {
      const cleanups: (() => Promise<void> | void)[] = [];
      const runDir = mkdtempSync(path.join(os.tmpdir(), "storehost-instances-"));
      try {
        const database = await startDatabase();
        cleanups.push(database.stop);
        const s3 = await startS3(runDir);
        cleanups.push(s3.stop);
        const resend = await startResendStandIn();
        cleanups.push(resend.close);

        // One deployment: everything that makes two processes the same app is shared.
        const env: Record<string, string> = {
          NODE_ENV: "production",
          DATABASE_URL: database.url,
          APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
          AUTH_SECRET: randomBytes(32).toString("base64url"),
          // No port: the host parser ignores ports, so one Host header names the store on both.
          ROOT_DOMAIN: "localhost",
          DATA_DIR: path.join(runDir, "data"),
          STORAGE_DRIVER: "s3",
          S3_ENDPOINT: s3.endpoint,
          S3_BUCKET,
          S3_ACCESS_KEY_ID: "S3RVER",
          S3_SECRET_ACCESS_KEY: "S3RVER",
          RESEND_BASE_URL: resend.url,
          OUTBOX_POLL_MS: String(OUTBOX_POLL_MS),
          LOG_LEVEL: "info",
        };
        // Asynchronous: s3rver and the Resend stand-in run in this process and must keep answering.
        const runAppScript = async (script: string, args: string[]) => {
          const logFile = path.join(runDir, `${path.basename(script, ".ts")}.log`);
          const log = createWriteStream(logFile, { flags: "a" });
          const child = spawn(
            path.join(ROOT, "node_modules", ".bin", "tsx"),
            ["--conditions=react-server", script, ...args],
            {
              cwd: ROOT,
              stdio: ["ignore", "pipe", "pipe"],
              env: {
                PATH: process.env.PATH ?? "/usr/bin:/bin",
                HOME: process.env.HOME ?? "/tmp",
                ...env,
                NODE_ENV: "production",
              },
            },
          );
          child.stdout.pipe(log);
          child.stderr.pipe(log);
          const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
          await new Promise((resolve) => log.end(resolve));
          if (code !== 0) {
            const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-15).join("\n");
            throw new Error(`${script} failed (exit ${code ?? signal}):\n${tail}`);
          }
        };

        const storeFile = path.join(runDir, "store.json");
        await runAppScript("test/instances/setup-store.ts", [storeFile]);
        const store = JSON.parse(readFileSync(storeFile, "utf8")) as InstancesStore;

        const start = async (name: "A" | "B"): Promise<Instance> => {
          const server = await startServer({
            name: `instance ${name}`,
            dir: ROOT,
            port: await freePort(),
            env,
            logFile: path.join(runDir, `instance-${name}.log`),
            ready: healthy,
          });
          cleanups.push(server.stop);
          return { name, server, origin: `http://${store.subdomain}.localhost:${server.port}` };
        };
        const [a, b] = await Promise.all([start("A"), start("B")]);

        const db = new pg.Client({ connectionString: database.url });
        await db.connect();
        cleanups.push(() => db.end());
        await db.query("select set_config('app.scope', 'platform', false)");

        await provide({
          a,
          b,
          store,
          webhookSecret: store.webhookSecret,
          host: `${store.subdomain}.localhost`,
          db,
          databaseUrl: database.url,
          resend,
          runAppScript,
          runDir,
        });
        for (const instance of [a, b]) {
          const exit = instance.server.exited();
          if (exit) throw new Error(`instance ${instance.name} ${exit}; see ${instance.server.logFile}`);
        }
      } finally {
        for (const step of cleanups.reverse()) {
          try {
            await step();
          } catch (error) {
            console.error("clean-up step failed:", error);
          }
        }
        if (process.env.KEEP_INSTANCE_LOGS) console.log(`instance logs kept in ${runDir}`);
        else rmSync(runDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

export { expect } from "@playwright/test";

export type Answer = {
  instance: "A" | "B";
  status: number;
  body: string;
  /** When the whole request had been handed to the socket, and when the answer's headers came (performance.now()). */
  sentAt: number;
  answeredAt: number;
};

/**
 * A request to one instance with the store's Host header (Node's fetch will not set Host).
 * Without `hold`, it is sent at once. With `hold`, all but the body's last byte is sent and
 * the returned `release` sends the rest, so two requests can reach their servers together.
 */
export function request(
  instance: Instance,
  host: string,
  init: { method?: string; path: string; headers?: Record<string, string>; body?: string },
  hold = false,
): { ready: Promise<void>; release: () => void; answer: Promise<Answer> } {
  const body = Buffer.from(init.body ?? "");
  let sentAt = 0;
  let answeredAt = 0;
  let release: () => void = () => {};
  let ready!: Promise<void>;
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: instance.server.port,
      path: init.path,
      method: init.method ?? "GET",
      // A connection of its own: never queued behind another request on a pooled socket.
      agent: false,
      headers: { host, ...init.headers, ...(body.length > 0 ? { "content-length": String(body.length) } : {}) },
    });
    req.on("error", reject);
    req.on("finish", () => (sentAt = performance.now()));
    req.on("response", (res) => {
      answeredAt = performance.now();
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          instance: instance.name,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          sentAt,
          answeredAt,
        }),
      );
    });
    if (hold && body.length > 0) {
      ready = new Promise<void>((resolveReady, rejectReady) =>
        req.write(body.subarray(0, -1), (error) => (error ? rejectReady(error) : resolveReady())),
      );
      release = () => req.end(body.subarray(-1));
    } else {
      ready = Promise.resolve();
      req.end(body);
    }
  });
  return { ready, release, answer };
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
