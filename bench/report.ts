// The benchmark's results: the JSON shape written to .data/bench/ and the printed table.
import os from "node:os";
import type { PlanReport } from "./plans";

export type PathResult = {
  key: string;
  label: string;
  route: string;
  /** "2xx", or the one status that is expected (400 for refused deliveries). */
  expect: string;
  /** Answered requests in the measured run. */
  requests: number;
  /** autocannon's average of per-second samples. */
  requestsPerSecond: number;
  /** Milliseconds. */
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /**
   * Database statements per request over all of the path's requests (warm-up included),
   * counting `begin`/`commit` and background work they caused (the outbox); null where
   * pg_stat_statements is not available.
   */
  statementsPerRequest: number | null;
  /** Answers other than the expected ones, plus requests with no answer. */
  unexpected: number;
  problems: string[];
};

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
};

export type RunReport = {
  version: 1;
  startedAt: string;
  machine: Machine;
  postgres: string;
  next: string;
  scale: { stores: number; orders: number; pendingOrders: number; loadSeconds: number };
  options: { quick: boolean; duration: number; warmup: number; connections: number };
  reference: PathResult;
  /** A page of 12 links rendered per request by the same bare app: the framework's floor for pages. */
  referencePage: PathResult;
  paths: PathResult[];
  /** The plans of the statements the paths ran (bench/plans.ts); null without the run's own Postgres. */
  plans: PlanReport | null;
  rss: { appPeakMb: number; referencePeakMb: number };
  checks: {
    payingDeliveriesSent: number;
    payingAnswered2xx: number;
    ordersPaid: number;
    receiptsSent: number;
    /** Deliveries cut off when a run stopped; each must be all paid or untouched. */
    cutOffInFlight: number;
    duplicateChanges: string[];
    refusedChanges: string[];
  };
  problems: string[];
};

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

const n = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

export function formatTable(report: RunReport): string {
  const { machine: m, scale, options } = report;
  const rows = [report.reference, report.referencePage, ...report.paths].map((r) => [
    r.label,
    n(r.requestsPerSecond),
    `${r.latency.p50}`,
    `${r.latency.p99}`,
    `${r.unexpected}`,
    r.statementsPerRequest === null ? "–" : r.statementsPerRequest.toFixed(1),
    r === report.reference ? "1.00×" : `${(r.requestsPerSecond / report.reference.requestsPerSecond).toFixed(2)}×`,
  ]);
  const header = ["path", "req/s", "p50 ms", "p99 ms", "errors", "SQL/req", "vs reference"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage} at start`,
    `stack:   Next ${report.next} (next start), Postgres ${report.postgres}, autocannon on the same machine`,
    `scale:   ${n(scale.stores)} stores, ${n(scale.orders)} orders (+${n(scale.pendingOrders)} pending), loaded in ${scale.loadSeconds.toFixed(1)} s`,
    `load:    ${options.connections} connections, ${options.duration} s per path after ${options.warmup} s warm-up${options.quick ? " (--quick)" : ""}`,
    "",
    line(header),
    line(header.map((_, i) => "-".repeat(widths[i]!))),
    ...rows.map(line),
    "",
    `errors: answers other than expected (2xx; 400 for refused) and requests with no answer`,
    `SQL/req: database statements per request (pg_stat_statements; begin and commit count, and so does the outbox's work)`,
    `vs the dynamic page: ${storefrontVsPage(report)}`,
    `server RSS peak: app ${report.rss.appPeakMb} MB, reference ${report.rss.referencePeakMb} MB`,
    `checks: ${n(report.checks.payingAnswered2xx)} paying deliveries acknowledged, ${n(report.checks.ordersPaid)} orders paid, ${n(report.checks.receiptsSent)} receipts sent once, ` +
      `${report.checks.cutOffInFlight} cut off in flight; duplicates changed ${report.checks.duplicateChanges.join(", ") || "nothing"}; ` +
      `refusals changed ${report.checks.refusedChanges.join(", ") || "nothing"}`,
  ].join("\n");
}

/** The storefront paths' throughput as a share of the bare framework's dynamic page. */
function storefrontVsPage(report: RunReport): string {
  const pages = report.paths.filter((r) => r.key === "home" || r.key === "product");
  if (pages.length === 0) return "no storefront path was measured";
  return pages
    .map((r) => `${r.label} ${(r.requestsPerSecond / report.referencePage.requestsPerSecond).toFixed(2)}×`)
    .join(", ");
}
