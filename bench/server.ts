// Building and serving a Next.js app for the benchmark: a production build when the sources
// are newer than it, `next start` on a free port, and the server's memory while it runs.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

/** The newest modification time under `paths` (files or folders), ignoring tests and build output. */
function newestSource(paths: string[]): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const name of readdirSync(entry)) {
        if (name === "node_modules" || name === ".next" || name.startsWith(".")) continue;
        visit(path.join(entry, name));
      }
    } else if (!/\.(test|spec)\.tsx?$/.test(entry)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

/**
 * Runs `next build` in `dir` unless its `.next/BUILD_ID` is newer than every source file
 * (or, with `allowed` false, unless there is a build at all). Returns whether it built.
 */
export function buildIfStale(allowed: boolean, dir: string, sources: string[], args: string[] = []): boolean {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (!allowed) {
    if (!existsSync(buildId)) throw new Error(`--no-build, but there is no build in ${dir}`);
    return false;
  }
  const sourcePaths = sources.map((s) => path.join(dir, s));
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource(sourcePaths)) return false;
  console.log(
    `building ${path.relative(process.cwd(), dir) || "the app"} (next build${args.map((a) => ` ${a}`).join("")}) …`,
  );
  const build = spawnSync(process.execPath, [NEXT_BIN, "build", ...args], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build failed in ${dir} (exit ${build.status ?? build.signal})`);
  return true;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type Server = {
  name: string;
  port: number;
  pid: number;
  logFile: string;
  /** The most the process tree held at once, in bytes, over 500 ms samples. */
  peakRss: () => number;
  /** Set when the server exited before `stop`. */
  exited: () => string | null;
  stop: () => Promise<void>;
};

/**
 * `next start` in `dir` on `port`, with exactly `env` (plus PATH and HOME); stdout and
 * stderr go to `logFile`. Resolves once `ready` answers. Not bound with `-H 127.0.0.1`:
 * with a hostname, Next 16.4 treats the app middleware's rewrites to store pages as
 * external and they 404.
 */
export async function startServer(options: {
  name: string;
  dir: string;
  port: number;
  env: Record<string, string>;
  /** Flags for node itself (some, like --cpu-prof, are refused in NODE_OPTIONS). */
  nodeArgs?: string[];
  logFile: string;
  ready: (origin: string) => Promise<boolean>;
}): Promise<Server> {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), NEXT_BIN, "start", "-p", String(options.port)],
    {
      cwd: options.dir,
      // A group of its own, so stopping it stops whatever it forked.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        ...options.env,
      },
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exit: string | null = null;
  child.on("exit", (code, signal) => (exit = `exited with ${code ?? signal}`));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name}`);

  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRss(pid)));
  const sampler = setInterval(sample, 500);

  const stop = async () => {
    clearInterval(sampler);
    if (exit === null) {
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      process.kill(-pid, "SIGTERM");
      const timer = setTimeout(() => exit === null && process.kill(-pid, "SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    }
    log.end();
  };

  const origin = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  while (!(await options.ready(origin).catch(() => false))) {
    if (exit !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not start (${exit ?? "no answer in 60 s"}); see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  sample();
  return {
    name: options.name,
    port: options.port,
    pid,
    logFile: options.logFile,
    peakRss: () => peak,
    exited: () => exit,
    stop,
  };
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses; fields after the last ")" are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while we looked
    }
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // exited while we looked
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}
