import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connect, type Database } from "./client";

const EXPECTED_TABLES = [
  "download_grants",
  "email_outbox",
  "order_items",
  "order_status_changes",
  "orders",
  "product_files",
  "products",
  "sign_in_tickets",
  "store_memberships",
  "stores",
  "support_messages",
  "support_tickets",
  "users",
  "webhook_events",
];

async function tablesOf(db: Database): Promise<string[]> {
  const result = await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  // The driver-neutral Database type leaves raw results untyped; both drivers return `rows`.
  return (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
}

describe("migrations", () => {
  it("apply to a fresh PGlite", async () => {
    const first = await connect({ pgliteDataDir: "memory://" });
    expect(await tablesOf(first.db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    await first.close();
  });

  it.runIf(process.env.DATABASE_URL)("apply to a fresh Postgres database, and re-running is a no-op", async () => {
    const { Client } = await import("pg");
    const serverUrl = process.env.DATABASE_URL!;
    const name = `storehost_migrate_${randomBytes(4).toString("hex")}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      for (let run = 0; run < 2; run++) {
        const conn = await connect({ databaseUrl: url.toString(), pgliteDataDir: "" });
        expect(await tablesOf(conn.db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
        await conn.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
