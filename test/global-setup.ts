import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { connect } from "@/db/client";
import { startSandbox } from "@/sandbox/server";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string | undefined;
    stripeSandboxUrl: string;
  }
}

/**
 * With DATABASE_URL set, the run gets a fresh database on that server (migrated once here
 * and dropped afterwards), so tests never touch existing data. Without it, nothing to do.
 */
export default async function setup(project: TestProject) {
  // One in-memory Stripe sandbox for the run; each test makes its own sandbox account.
  const sandbox = await startSandbox({ port: 0, dataFile: null, retryScale: 0.0001 });
  project.provide("stripeSandboxUrl", sandbox.url);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("databaseUrl", undefined);
    return () => sandbox.close();
  }
  const { Client } = await import("pg");
  const name = `storehost_test_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { close } = await connect({ databaseUrl: url.toString(), pgliteDataDir: "" });
  await close();
  project.provide("databaseUrl", url.toString());

  return async () => {
    await sandbox.close();
    const drop = new Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`drop database if exists ${name} with (force)`);
    await drop.end();
  };
}
