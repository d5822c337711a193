import { Client } from "pg";

/*
 * Proof that concurrent work really overlapped. PGlite runs one transaction at a time, so
 * a race there is always won in order and proves nothing; these helpers work on Postgres
 * (`npm test` with DATABASE_URL set, as CI runs it). They watch the server from a
 * connection of their own, outside the app's pool, so watching never takes a connection
 * the racers need.
 */

/** This worker's Postgres database (test/setup.ts sets it), or undefined on the embedded PGlite. */
export const postgresUrl: string | undefined = process.env.DATABASE_URL;

/** A connection of the test's own to the run's Postgres database. */
export async function watcher(): Promise<Client> {
  if (!postgresUrl) throw new Error("overlap checks need Postgres (set DATABASE_URL)");
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  return client;
}

/**
 * How many server processes are waiting on `pid` right now: on a lock it holds, or queued
 * behind another process that is (waiters for one row queue on each other's tuple lock).
 */
export async function blockedBy(client: Client, pid: number): Promise<number> {
  // Inside a transaction, pg_stat_activity is read once and cached: look afresh each time.
  await client.query("select pg_stat_clear_snapshot()");
  const { rows } = await client.query<{ count: string }>(
    `with recursive waiting(pid) as (
       select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
       union
       select a.pid from pg_stat_activity a join waiting w on w.pid = any(pg_blocking_pids(a.pid))
     )
     select count(*) from waiting`,
    [pid],
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * Waits until `count` server processes are waiting on `pid` (see `blockedBy`), i.e. that
 * many other statements are in flight at the same moment as `pid`'s transaction. Fails after
 * `timeoutMs` with how many it saw: the work did not overlap.
 */
export async function waitUntilBlocked(client: Client, pid: number, count: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await blockedBy(client, pid);
    if (seen >= count) return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`expected ${count} transactions waiting on process ${pid}, saw at most ${seen}: no overlap`);
}

/**
 * A barrier for `parties` racers: each `arrive()` resolves once all of them have arrived,
 * so all are in the same place at once. Fails after `timeoutMs` with how many came.
 */
export function barrier(parties: number, timeoutMs = 15_000) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    arrived: () => arrived,
    arrive: async (): Promise<void> => {
      if (++arrived === parties) open();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`barrier: ${arrived} of ${parties} racers arrived: no overlap`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([opened, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
