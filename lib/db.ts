import "server-only";
import { connect, type Database } from "@/db/client";
import { currentDataScope } from "./data-scope";
import { env } from "./env";

// One connection per process, kept on globalThis so dev-mode module reloads reuse it
// (PGlite allows a single open handle on its data directory).
const holder = globalThis as unknown as { __storehostDb?: Promise<{ db: Database; close: () => Promise<void> }> };

/** The process's database, migrated on first use. Only `lib/` may call this. */
export async function getDb(): Promise<Database> {
  holder.__storehostDb ??= connect({
    databaseUrl: env.DATABASE_URL,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    pgliteTemplate: env.PGLITE_TEMPLATE,
    scope: currentDataScope,
  }).catch((error: unknown) => {
    holder.__storehostDb = undefined;
    throw error;
  });
  return (await holder.__storehostDb).db;
}

export async function closeDb(): Promise<void> {
  const pending = holder.__storehostDb;
  holder.__storehostDb = undefined;
  if (pending) await (await pending).close();
}

export type { Database, Executor, Tx } from "@/db/client";
