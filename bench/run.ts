// npm run bench — the platform measured from outside, over HTTP: a production build on a
// throwaway Postgres loaded to a chosen scale, driven by autocannon one path at a time,
// beside a bare Next.js route handler on the same machine. Fails on any wrong answer,
// lost event or double payment. See bench/README.md.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startResendStandIn } from "../test/resend-stand-in";
import pg from "pg";
import type { BuyerLinks } from "./buyer-links";
import { createPendingOrders, loadDataset, type BenchStore } from "./dataset";
import {
  DeliveryBodies,
  duplicateDelivery,
  pageRequest,
  PayingDeliveries,
  refusedDelivery,
  WEBHOOK_PATH,
  type BenchPath,
  type Expectation,
} from "./paths";
import { startPostgres, statementCounter } from "./postgres";
import { capturePlans, formatPlans, type PlanReport } from "./plans";
import { summarizeProfiles } from "./profile-summary";
import { formatTable, machine, type PathResult, type RunReport } from "./report";
import { buildIfStale, freePort, startServer, type Server } from "./server";
import type { SetupStoreResult } from "./setup-store";
import { changes, checkPayingDeliveries, checkReceiptsSent, settle, snapshot } from "./verify";

const HELP = `npm run bench [-- options]

Builds the app if needed, starts a throwaway Postgres (unless DATABASE_URL is set), loads
a platform of the given size, and measures each path over HTTP with autocannon, one at a
time, beside a bare Next.js route handler (bench/reference/). Prints a table, writes JSON
to .data/bench/, and exits non-zero on any wrong answer, lost event or double payment.

  --quick            a small run for development: 3 s per path, 100 stores, 10,000 orders
  --stores N         stores on the platform, the benchmark's own included (default 10000)
  --orders N         past orders spread over them (default 1000000)
  --duration S       seconds per path, after a warm-up (default 10)
  --connections N    concurrent connections (default 50)
  --json FILE        also write the results to FILE
  --no-build         serve the existing builds even if sources are newer
  --paths a,b        measure only these paths after the paying one (which always runs):
                     duplicate, refused, home, product, order, download
  --cpu-prof         profile the app's server (node --cpu-prof) into .data/bench/cpu-<time>/
                     and print where its time went (bench/profile-summary.ts)
  --help             this text

With DATABASE_URL set, the data set is added to that database (new stores, nothing
existing is changed or removed).`;

type Options = {
  quick: boolean;
  build: boolean;
  stores: number;
  orders: number;
  duration: number;
  warmup: number;
  connections: number;
  json: string | null;
  cpuProf: boolean;
  /** The paths to measure besides the paying one; null for all. */
  paths: Set<string> | null;
};

/** Paths `--paths` can pick; the paying path always runs, since the others use what it paid. */
const OPTIONAL_PATHS = ["duplicate", "refused", "home", "product", "order", "download"];

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      stores: { type: "string" },
      orders: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
      json: { type: "string" },
      "no-build": { type: "boolean", default: false },
      "cpu-prof": { type: "boolean", default: false },
      paths: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const whole = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString("en-US")}`);
    }
    return n;
  };
  const quick = values.quick;
  return {
    quick,
    build: !values["no-build"],
    stores: whole("stores", values.stores, quick ? 100 : 10_000, 1, 1_000_000),
    orders: whole("orders", values.orders, quick ? 10_000 : 1_000_000, 0, 50_000_000),
    duration: whole("duration", values.duration, quick ? 3 : 10, 1, 3600),
    warmup: quick ? 1 : 3,
    connections: whole("connections", values.connections, 50, 1, 1000),
    json: values.json ?? null,
    cpuProf: values["cpu-prof"],
    paths: values.paths === undefined ? null : pathList(values.paths),
  };
}

function pathList(raw: string): Set<string> {
  const keys = raw.split(",").map((key) => key.trim());
  const unknown = keys.filter((key) => !OPTIONAL_PATHS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`--paths: unknown ${unknown.join(", ")} (known: ${OPTIONAL_PATHS.join(", ")})`);
  }
  return new Set(keys);
}

class UsageError extends Error {}

const ROOT = process.cwd();
const REFERENCE_DIR = path.join(ROOT, "bench", "reference");
/**
 * Pending orders made for the paying path: more than any server here could pay in the run.
 * Running out fails the run rather than measuring duplicates.
 */
const PAYING_CEILING_PER_SECOND = 4000;
/** Buyers whose order page and downloads are requested in turn. */
const BUYERS = 100;

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      console.error("clean-up step failed:", error);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error("\nnpm run bench -- --help for the options");
  process.exit(2);
}

const problems: string[] = [];
const runDir = mkdtempSync(path.join(os.tmpdir(), "storehost-bench-"));
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
/** Where `--cpu-prof` puts the app server's profiles (kept, unlike the run's temp folder). */
const profileDir = path.join(ROOT, ".data", "bench", `cpu-${stamp}`);
let report: RunReport | null = null;
try {
  report = await run(options);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  await cleanUp();
}

if (report) {
  report.problems = problems;
  console.log(`\n${formatTable(report)}`);
  if (report.plans) console.log(`\n${formatPlans(report.plans)}`);
  const files = [
    path.join(ROOT, ".data", "bench", `${stamp}.json`),
    ...(options.json ? [path.resolve(options.json)] : []),
  ];
  for (const file of files) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
  console.log(`\nresults: ${files.map((f) => path.relative(ROOT, f)).join(", ")}`);
}
if (problems.length > 0) {
  console.error(`\nBENCHMARK FAILED (${problems.length} problem${problems.length === 1 ? "" : "s"}):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  console.error(`\nserver and script logs: ${runDir}`);
  process.exit(1);
}
rmSync(runDir, { recursive: true, force: true });

async function run(options: Options): Promise<RunReport> {
  buildIfStale(options.build, ROOT, [
    "app",
    "lib",
    "db",
    "types",
    "public",
    "middleware.ts",
    "instrumentation.ts",
    "next.config.ts",
    "postcss.config.mjs",
    "package-lock.json",
  ]);
  // Webpack: Turbopack (16.4) compiles the parent's middleware.ts and instrumentation.ts into
  // an app nested in another's workspace (vercel/next.js#95287), which the reference must not have.
  buildIfStale(
    options.build,
    REFERENCE_DIR,
    ["app", "next.config.ts", "tsconfig.json", "../../package-lock.json"],
    ["--webpack"],
  );

  const givenUrl = process.env.DATABASE_URL;
  const database = givenUrl ? { url: givenUrl, logFile: null, stop: () => {} } : startPostgres();
  cleanups.push(database.stop);
  console.log(givenUrl ? "using DATABASE_URL" : `throwaway Postgres at ${database.url}`);

  // The owner's Resend account: receipts are really sent, to a local stand-in.
  const resend = await startResendStandIn();
  cleanups.push(resend.close);
  const appPort = await freePort();
  const appEnv = {
    RESEND_BASE_URL: resend.url,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ROOT_DOMAIN: `localhost:${appPort}`,
    DATA_DIR: path.join(runDir, "data"),
    STORAGE_DRIVER: "local",
  };

  // The store the paths hit, through the app's own code (this also applies the migrations).
  const storeFile = path.join(runDir, "store.json");
  runAppScript("bench/setup-store.ts", [storeFile], appEnv);
  const store = JSON.parse(readFileSync(storeFile, "utf8")) as SetupStoreResult;
  const bench: BenchStore = {
    storeId: store.storeId,
    userId: store.userId,
    products: store.products.map((p) => ({ id: p.id, fileId: p.fileId, name: p.name, priceAmount: p.priceAmount })),
  };
  const host = `${store.subdomain}.${appEnv.ROOT_DOMAIN}`;
  const tag = randomBytes(3).toString("hex");

  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  cleanups.push(() => db.end());
  const loadStarted = performance.now();
  console.log(
    `loading ${options.stores.toLocaleString("en-US")} stores and ${options.orders.toLocaleString("en-US")} orders …`,
  );
  await loadDataset(db, bench, { stores: options.stores, orders: options.orders }, tag, (line) => console.log(line));
  const pendingCount = PAYING_CEILING_PER_SECOND * (options.duration + options.warmup) + 1000;
  const pending = await createPendingOrders(db, bench, pendingCount, tag);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const { rows: versionRows } = await db.query<{ server_version: string }>("show server_version");
  console.log(
    `loaded ${options.stores.toLocaleString("en-US")} stores, ${options.orders.toLocaleString("en-US")} orders and ${pending.length.toLocaleString("en-US")} pending orders in ${loadSeconds.toFixed(1)} s`,
  );

  const countStatements = await statementCounter(db);
  if (!countStatements) console.log("pg_stat_statements is not loaded: SQL/req will not be measured");
  const bodies = new DeliveryBodies(tag, bench.products[0]!.priceAmount);
  const results: PathResult[] = [];
  const wanted = (key: string) => options.paths === null || options.paths.has(key);
  const appPaths: BenchPath[] = [];
  const measure = async (server: Server, benchPath: BenchPath, onStart?: (instance: autocannon.Instance) => void) => {
    if (server.name === "app") appPaths.push(benchPath);
    const result = await drive(server, benchPath, options, countStatements, onStart);
    results.push(result);
    console.log(
      `  ${benchPath.label.padEnd(28)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  unexpected ${result.unexpected}`,
    );
    for (const problem of result.problems) problems.push(`${benchPath.label}: ${problem}`);
    return result;
  };

  // The reference first, alone on the machine.
  const reference = await startServer({
    name: "reference",
    dir: REFERENCE_DIR,
    port: await freePort(),
    env: { NODE_ENV: "production", BENCH_WEBHOOK_SECRET: store.webhookSecret },
    logFile: path.join(runDir, "reference.log"),
    ready: async (origin) => (await fetch(`${origin}${WEBHOOK_PATH}`, { method: "POST" })).status === 400,
  });
  cleanups.push(reference.stop);
  console.log(`\nreference (bare route handler) on :${reference.port}`);
  const referenceResult = await measure(reference, {
    key: "reference",
    label: "reference: verify + 200",
    method: "POST",
    route: `POST ${WEBHOOK_PATH} (bench/reference)`,
    expect: "2xx",
    requests: [new PayingDeliveries(pending, bodies, store.webhookSecret, host, true).request()],
  });
  // The framework's floor for a page rendered per request, beside which the storefront's
  // own cost shows (the goal's ratio is still to the route handler above).
  const referencePageResult = await measure(reference, {
    key: "reference-page",
    label: "reference: dynamic page",
    method: "GET",
    route: "GET /catalogue (bench/reference, 12 product links)",
    expect: "2xx",
    requests: [pageRequest(["/catalogue"], host)],
  });
  const referencePeakRss = reference.peakRss();
  await reference.stop();

  const app = await startServer({
    name: "app",
    dir: ROOT,
    port: appPort,
    env: appEnv,
    // Node writes the profile when the process exits; `next start` exits cleanly on SIGTERM.
    nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    logFile: path.join(runDir, "app.log"),
    ready: async (origin) => (await fetch(`${origin}/api/health`)).ok,
  });
  cleanups.push(app.stop);
  console.log(`\napp (next start) on :${app.port}, store ${host}`);

  const before = await snapshot(db, bench.storeId);
  const deliveries = new PayingDeliveries(pending, bodies, store.webhookSecret, host);
  await measure(
    app,
    {
      key: "paying",
      label: "webhook: paying",
      method: "POST",
      route: `POST ${WEBHOOK_PATH} (payment_intent.succeeded, a fresh order each)`,
      expect: "2xx",
      requests: [deliveries.request()],
    },
    (instance) => (deliveries.onExhausted = () => instance.stop()),
  );
  if (deliveries.exhausted) {
    problems.push(
      `the paying path used all ${pending.length} pending orders; raise PAYING_CEILING_PER_SECOND in bench/run.ts`,
    );
  }
  await settle(db, bench.storeId);

  const paidIndex = [...deliveries.answered].find(([, status]) => status >= 200 && status < 300)?.[0];
  if (paidIndex === undefined)
    throw new Error("no paying delivery was answered with a 2xx; nothing else can be measured");
  const beforeDuplicates = await snapshot(db, bench.storeId);
  if (wanted("duplicate"))
    await measure(app, {
      key: "duplicate",
      label: "webhook: duplicate",
      method: "POST",
      route: `POST ${WEBHOOK_PATH} (one delivered event, again)`,
      expect: "2xx",
      requests: [duplicateDelivery(bodies.body(paidIndex, pending[paidIndex]!), store.webhookSecret, host)],
    });
  const afterDuplicates = await settle(db, bench.storeId);
  const duplicateChanges = changes(beforeDuplicates, afterDuplicates);
  if (duplicateChanges.length > 0) problems.push(`duplicates changed the store: ${duplicateChanges.join(", ")}`);

  const lastIndex = pending.length - 1;
  if (wanted("refused"))
    await measure(app, {
      key: "refused",
      label: "webhook: refused",
      method: "POST",
      route: `POST ${WEBHOOK_PATH} (bad signature, expect 400)`,
      expect: 400,
      requests: [refusedDelivery(bodies.body(lastIndex, pending[lastIndex]!), host)],
    });
  const afterRefused = await settle(db, bench.storeId);
  const refusedChanges = changes(afterDuplicates, afterRefused);
  if (refusedChanges.length > 0) problems.push(`refused deliveries changed the store: ${refusedChanges.join(", ")}`);

  // Buyers of orders the paying path paid: their order pages and download links.
  const buyers = [...deliveries.answered]
    .filter(([, status]) => status >= 200 && status < 300)
    .slice(0, BUYERS)
    .map(([index]) => pending[index]!.id);
  const linksIn = path.join(runDir, "buyers.json");
  const linksOut = path.join(runDir, "links.json");
  writeFileSync(linksIn, JSON.stringify({ storeId: bench.storeId, orderIds: buyers }));
  runAppScript("bench/buyer-links.ts", [linksIn, linksOut], appEnv);
  const links = JSON.parse(readFileSync(linksOut, "utf8")) as BuyerLinks;

  const product = store.products[0]!;
  const pages: BenchPath[] = [
    { key: "home", label: "storefront: home", route: "GET /" },
    { key: "product", label: "storefront: product", route: `GET /products/${product.slug}` },
    { key: "order", label: "buyer: order page", route: "GET /orders/:id?key=…", paths: links.orderPaths },
    { key: "download", label: "buyer: download", route: "GET /downloads/:token/file", paths: links.downloadPaths },
  ].map((page) => ({
    key: page.key,
    label: page.label,
    method: "GET" as const,
    route: page.route,
    expect: "2xx" as Expectation,
    requests: [pageRequest(page.paths ?? [page.route.slice("GET ".length)], host)],
  }));
  for (const page of pages.filter((p) => wanted(p.key))) await measure(app, page);
  const appPeakRss = app.peakRss();

  // What Postgres ran for those paths, plan by plan: three more requests of each, one at a time.
  let plans: PlanReport | null = null;
  if (database.logFile) {
    plans = await capturePlans(db, database.logFile, async () => {
      for (const benchPath of appPaths) {
        const result = await autocannon({
          url: `http://127.0.0.1:${app.port}`,
          connections: 1,
          amount: 3,
          timeout: 60,
          requests: benchPath.requests,
        });
        for (const problem of unexpectedAnswers(result, benchPath.expect, "plan capture")) {
          problems.push(`${benchPath.label}: ${problem}`);
        }
      }
    });
    for (const scan of plans.largeScans) problems.push(`a sequential scan on a request's path: ${scan}`);
  }
  await app.stop();
  if (options.cpuProf) console.log(`\n${summarizeProfiles(profileDir)}`);

  // The database against the answers.
  const afterAll = await settle(db, bench.storeId);
  if (afterAll.orders !== before.orders) {
    problems.push(
      `the store's order count went from ${before.orders} to ${afterAll.orders}: deliveries must not create orders`,
    );
  }
  const paying = await checkPayingDeliveries(db, bench.storeId, deliveries, bodies, 1);
  problems.push(...paying.problems);
  const receipts = await checkReceiptsSent(
    db,
    bench.storeId,
    deliveries.orders.map((o) => o.id),
    resend.received,
  );
  problems.push(...receipts.problems);

  return {
    version: 1,
    startedAt: startedAt.toISOString(),
    machine: machine(),
    postgres: versionRows[0]?.server_version ?? "unknown",
    next: nextVersion(),
    scale: {
      stores: options.stores,
      orders: options.orders,
      pendingOrders: pending.length,
      loadSeconds: Math.round(loadSeconds * 10) / 10,
    },
    options: {
      quick: options.quick,
      duration: options.duration,
      warmup: options.warmup,
      connections: options.connections,
    },
    reference: referenceResult,
    referencePage: referencePageResult,
    paths: results.filter((r) => r !== referenceResult && r !== referencePageResult),
    rss: { appPeakMb: toMb(appPeakRss), referencePeakMb: toMb(referencePeakRss) },
    plans,
    checks: {
      payingDeliveriesSent: deliveries.sent,
      payingAnswered2xx: paying.answered2xx,
      ordersPaid: paying.paid,
      receiptsSent: receipts.sent,
      cutOffInFlight: paying.inFlight,
      duplicateChanges,
      refusedChanges,
    },
    problems,
  };
}

/** A warm-up, then the measured run; every answer is checked against what the path expects. */
async function drive(
  server: Server,
  benchPath: BenchPath,
  options: Options,
  countStatements: (() => Promise<number>) | null,
  onStart?: (instance: autocannon.Instance) => void,
): Promise<PathResult> {
  const url = `http://127.0.0.1:${server.port}`;
  const once = (duration: number) => {
    const instance = autocannon({
      url,
      connections: options.connections,
      duration,
      timeout: 30,
      requests: benchPath.requests,
    });
    onStart?.(instance);
    return instance;
  };
  // A few requests one at a time first, answered however long they take: a fresh server
  // loads a route's code on its first request. Then a warm-up under full load, in which a
  // slow server may answer nothing; only wrong answers count there.
  const statementsBefore = await countStatements?.();
  const first = await autocannon({ url, connections: 1, amount: 3, timeout: 60, requests: benchPath.requests });
  const warm = await once(options.warmup);
  const result = await once(options.duration);
  // Less one: the count read before the run is counted in the one after it.
  const statements = statementsBefore === undefined ? null : (await countStatements!()) - statementsBefore - 1;
  const requestsSent = first.requests.total + warm.requests.total + result.requests.total;
  const problems = [
    ...unexpectedAnswers(first, benchPath.expect, "first requests"),
    ...unexpectedAnswers(warm, benchPath.expect, "warm-up"),
    ...unexpectedAnswers(result, benchPath.expect),
  ];
  if (result.requests.total === 0) problems.push("no request was answered");
  const exit = server.exited();
  if (exit) problems.push(`the ${server.name} server ${exit}`);
  return {
    key: benchPath.key,
    label: benchPath.label,
    route: benchPath.route,
    expect: benchPath.expect === "2xx" ? "2xx" : String(benchPath.expect),
    requests: result.requests.total,
    statementsPerRequest: statements === null || requestsSent === 0 ? null : statements / requestsSent,
    requestsPerSecond: result.requests.average,
    latency: {
      average: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected: unexpectedCount(result, benchPath.expect),
    problems,
  };
}

function unexpectedCount(result: autocannon.Result, expect: Expectation): number {
  const wrong = Object.entries(result.statusCodeStats)
    .filter(([code]) => (expect === "2xx" ? !/^2\d\d$/.test(code) : Number(code) !== expect))
    .reduce((sum, [, s]) => sum + s.count, 0);
  return wrong + result.errors;
}

function unexpectedAnswers(result: autocannon.Result, expect: Expectation, phase?: string): string[] {
  const prefix = phase ? `${phase}: ` : "";
  const problems: string[] = [];
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) {
    const ok = expect === "2xx" ? /^2\d\d$/.test(code) : Number(code) === expect;
    if (!ok) problems.push(`${prefix}${count} answer(s) with status ${code}, expected ${expect}`);
  }
  if (result.errors > 0) {
    problems.push(`${prefix}${result.errors} request error(s) (${result.timeouts} timeout(s)) with no answer`);
  }
  return problems;
}

/** A script under the app's code and env, as the server runs it; its output goes to a log. */
function runAppScript(script: string, args: string[], env: Record<string, string>): void {
  const logFile = path.join(runDir, `${path.basename(script, ".ts")}.log`);
  const log = openSync(logFile, "a");
  try {
    const result = spawnSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", script, ...args],
      {
        cwd: ROOT,
        stdio: ["ignore", log, log],
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? "/tmp",
          NODE_ENV: "production",
          ...env,
        },
      },
    );
    if (result.status !== 0) {
      const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-15).join("\n");
      throw new Error(`${script} failed (exit ${result.status ?? result.signal}):\n${tail}`);
    }
  } finally {
    closeSync(log);
  }
}

function nextVersion(): string {
  return (
    JSON.parse(readFileSync(path.join(ROOT, "node_modules", "next", "package.json"), "utf8")) as { version: string }
  ).version;
}

function toMb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
