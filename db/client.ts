import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite, QueryOptions, Transaction } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PoolClient } from "pg";
import * as schema from "./schema";

/** The one database type the domain layer sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; functions that must join a caller's transaction take this. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

/** Whose rows a query may see under row-level security (see migration 0005 and lib/data-scope.ts). */
export type DataScope = { kind: "platform" } | { kind: "store"; storeId: string | null };

export type DatabaseConfig = {
  databaseUrl?: string;
  pgliteDataDir: string;
  /**
   * A data-directory dump of an already migrated embedded database (see dumpMigratedPglite).
   * A fresh `memory://` database starts from it rather than from initdb and every migration:
   * each test file opens one, and that start was most of its cost.
   */
  pgliteTemplate?: string;
  /** Decides each query's scope; without it every query runs as the platform (tools). */
  scope?: () => Promise<DataScope>;
};

/** The role the app works as: not a superuser and not the tables' owner, so row-level security binds it. */
const APP_ROLE = "storehost_app";
/** What a pooled connection's session settings hold now (role, scope, store), as last set. */
const HELD_SCOPE = Symbol("held scope");
const SCOPE_PARAMS = (scope: DataScope): [string, string] =>
  scope.kind === "platform" ? ["platform", ""] : ["store", scope.storeId ?? ""];

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
    const [{ Client, Pool }, { drizzle }, { migrate }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
      import("drizzle-orm/node-postgres/migrator"),
    ]);
    const resolveScope = scopeResolver(config);
    /**
     * Every connection the app checks out is switched to the app role and stamped with the
     * scope of the code that checked it out, so a value never carries over from an earlier
     * borrower. A checked-out client serves one caller (one query, or one transaction).
     * The settings are session-wide and set outside any transaction, so they hold until set
     * again: each client remembers what it holds, and only a borrower who needs something
     * else pays the round trip (most of a store's requests find their own scope in place).
     */
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
    const borrow = pool.connect.bind(pool) as () => Promise<PoolClient>;
    const connectInScope = async (): Promise<PoolClient> => {
      const params = [APP_ROLE, ...SCOPE_PARAMS(await resolveScope())];
      const wanted = params.join("\n");
      const client = (await borrow()) as PoolClient & { [HELD_SCOPE]?: string };
      if (client[HELD_SCOPE] === wanted) return client;
      try {
        client[HELD_SCOPE] = undefined;
        await client.query(
          "select set_config('role', $1, false), set_config('app.scope', $2, false), set_config('app.store_id', $3, false)",
          params,
        );
        client[HELD_SCOPE] = wanted;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      return client;
    };
    // pg's own Pool.query borrows through a callback-style connect; route it through ours.
    const queryInScope = async (...args: unknown[]) => {
      const client = await connectInScope();
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        client.release();
      }
    };
    Object.assign(pool, { connect: connectInScope, query: queryInScope });
    // An idle connection the server drops (restart, failover) emits 'error' on the pool;
    // unhandled, that would crash the process. The pool replaces it on the next query.
    pool.on("error", (error) =>
      console.error(JSON.stringify({ level: 50, msg: "idle database connection lost", err: error.message })),
    );
    // Migrations run as the connecting user itself, outside any scope.
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => undefined);
      await client.end();
    }
    return { db: drizzle({ client: pool, schema }), close: () => pool.end() };
  }
  const template =
    config.pgliteTemplate && config.pgliteDataDir === "memory://"
      ? new Blob([await readFile(config.pgliteTemplate)])
      : undefined;
  const [pglite, { drizzle }] = await Promise.all([
    openMigratedPglite(config.pgliteDataDir, template),
    import("drizzle-orm/pglite"),
  ]);
  await pglite.query(`set role ${APP_ROLE}`);
  const resolveScope = scopeResolver(config);
  /**
   * PGlite is one session shared by every request, so a scope set for the session would
   * leak between interleaved requests. Each query therefore runs in a transaction of its
   * own that first sets the scope locally (`set_config(…, true)`), and so does every
   * transaction; PGlite runs transactions one at a time.
   */
  const inScope = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
    const scope = await resolveScope();
    return pglite.transaction(async (tx) => {
      await tx.query(
        "select set_config('app.scope', $1, true), set_config('app.store_id', $2, true)",
        SCOPE_PARAMS(scope),
      );
      return work(tx);
    });
  };
  const scopedClient = {
    query: (query: string, params?: unknown[], options?: QueryOptions) =>
      inScope((tx) => tx.query(query, params, options)),
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => inScope(work),
  } as unknown as PGlite;
  return { db: drizzle({ client: scopedClient, schema }), close: () => pglite.close() };
}

/**
 * The embedded database in `dataDir`, started from `template` when given, with every
 * migration applied (also after a template: migrations added since it was taken still
 * apply, and the rest are no-ops).
 */
async function openMigratedPglite(dataDir: string, template?: Blob): Promise<PGlite> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
  await migrate(drizzle({ client: pglite, schema }), { migrationsFolder });
  return pglite;
}

/** A fresh in-memory embedded database with every migration applied, dumped as a data directory. */
export async function dumpMigratedPglite(): Promise<Blob> {
  const pglite = await openMigratedPglite("memory://");
  try {
    // Uncompressed: loading skips the gunzip, and the dump only lives for the run.
    return await pglite.dumpDataDir("none");
  } finally {
    await pglite.close();
  }
}

const scopeResolver = (config: DatabaseConfig): (() => Promise<DataScope>) =>
  config.scope ?? (async () => ({ kind: "platform" }));
