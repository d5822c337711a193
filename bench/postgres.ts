// A throwaway Postgres for one run, started with the CI script, unless DATABASE_URL is given.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";

/** `logFile`: the server's log, where auto_explain writes plans (bench/plans.ts); null for a given DATABASE_URL. */
export type Database = { url: string; logFile: string | null; stop: () => void };

export function startPostgres(): Database {
  // pg_stat_statements, so the run can count the statements each request costs, and
  // auto_explain (off by default, until bench/plans.ts switches it on), so it can read their
  // plans. Shared buffers as a database server would be given (the default 128 MB is a
  // laptop's), so the 1M-order scale measures indexes, not the page cache's churn.
  const url = execFileSync(".ci/postgres.sh", ["start"], {
    encoding: "utf8",
    env: {
      ...process.env,
      PG_EXTRA_OPTS:
        "-c shared_buffers=2GB -c shared_preload_libraries=pg_stat_statements,auto_explain -c auto_explain.log_format=json",
    },
  }).trim();
  const port = new URL(url).port;
  const dir = readdirSync("/tmp")
    .filter((name) => name.startsWith("storehost-pg."))
    .map((name) => path.join("/tmp", name))
    .find((candidate) => postmasterPort(candidate) === port);
  if (!dir) throw new Error(`started Postgres at ${url} but cannot find its data directory`);
  return {
    url,
    logFile: path.join(dir, "log"),
    // By URL: the cluster started last on this machine may be another job's.
    stop: () => execFileSync(".ci/postgres.sh", ["stop", url], { stdio: "ignore" }),
  };
}

/**
 * Statements the database has run so far (pg_stat_statements, `begin` and `commit`
 * included: each is a round trip), or null where the extension is not loaded (a given
 * DATABASE_URL may not have it). Counts every connection to the database, so it is read
 * only while the app alone is working.
 */
export async function statementCounter(db: pg.Client): Promise<(() => Promise<number>) | null> {
  try {
    await db.query("create extension if not exists pg_stat_statements");
    await db.query("select pg_stat_statements_reset()");
  } catch {
    return null;
  }
  return async () => {
    const { rows } = await db.query<{ calls: string }>(
      `select coalesce(sum(calls), 0) as calls from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())`,
    );
    return Number(rows[0]!.calls);
  };
}

function postmasterPort(dir: string): string | null {
  const file = path.join(dir, "data", "postmaster.pid");
  // Line 4 of postmaster.pid is the port.
  return existsSync(file) ? (readFileSync(file, "utf8").split("\n")[3]?.trim() ?? null) : null;
}
