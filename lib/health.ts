import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./db";
import { env } from "./env";
import { log } from "./log";

export type DatabaseHealth = { ok: boolean; driver: "pglite" | "postgres"; latencyMs: number };

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  const driver = env.embeddedDatabase ? "pglite" : "postgres";
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return { ok: true, driver, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.error({ err: error }, "database health check failed");
    return { ok: false, driver, latencyMs: Math.round(performance.now() - started) };
  }
}
