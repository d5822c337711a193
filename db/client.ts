import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** The one database type the domain layer sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; functions that must join a caller's transaction take this. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

export type DatabaseConfig = { databaseUrl?: string; pgliteDataDir: string };

type Connection = { db: Database; close: () => Promise<void> };

const migrationsFolder = path.join(process.cwd(), "db", "migrations");
// Serializes migrations when several processes start against one Postgres.
const MIGRATION_LOCK_ID = 720_431_001;

/**
 * Opens the database and applies the committed migrations. With a DATABASE_URL it is
 * Postgres through node-postgres; without one, the embedded PGlite in a data directory.
 */
export async function connect(config: DatabaseConfig): Promise<Connection> {
  if (config.databaseUrl) {
    const [{ Pool }, { drizzle }, { migrate }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle connection the server drops (restart, failover) emits 'error' on the pool;
    // unhandled, that would crash the process. The pool replaces it on the next query.
    pool.on("error", (error) =>
      console.error(JSON.stringify({ level: 50, msg: "idle database connection lost", err: error.message })),
    );
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      await migrate(drizzle({ client, schema }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => undefined);
      client.release();
    }
    return { db: drizzle({ client: pool, schema }), close: () => pool.end() };
  }
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  if (!config.pgliteDataDir.includes("://")) mkdirSync(config.pgliteDataDir, { recursive: true });
  const pglite = await PGlite.create(config.pgliteDataDir);
  const db = drizzle({ client: pglite, schema });
  await migrate(db, { migrationsFolder });
  return { db, close: () => pglite.close() };
}
