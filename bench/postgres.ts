// A throwaway Postgres for one run, started with the CI script, unless DATABASE_URL is given.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

export type Database = { url: string; stop: () => void };

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export function startPostgres(): Database {
  const url = execFileSync(".ci/postgres.sh", ["start"], { encoding: "utf8" }).trim();
  const port = new URL(url).port;
  // `.ci/postgres.sh stop` stops whichever cluster was started last on this machine, which
  // may be another job's; find ours by the port its postmaster.pid records instead.
  const dir = readdirSync("/tmp")
    .filter((name) => name.startsWith("storehost-pg."))
    .map((name) => path.join("/tmp", name))
    .find((candidate) => postmasterPort(candidate) === port);
  if (!dir) throw new Error(`started Postgres at ${url} but cannot find its data directory`);
  return {
    url,
    stop: () => {
      const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
      const [command, ...args] = [
        ...asPostgres,
        path.join(PG_BIN, "pg_ctl"),
        "-D",
        path.join(dir, "data"),
        "-m",
        "immediate",
        "stop",
      ];
      try {
        execFileSync(command!, args, { stdio: "ignore" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postmasterPort(dir: string): string | null {
  const file = path.join(dir, "data", "postmaster.pid");
  // Line 4 of postmaster.pid is the port.
  return existsSync(file) ? (readFileSync(file, "utf8").split("\n")[3]?.trim() ?? null) : null;
}
