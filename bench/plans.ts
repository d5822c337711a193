// The plans Postgres really ran for the app's own statements, at the run's scale: auto_explain
// logs every statement's plan (with its real parameters and row counts) while a few requests
// of each path are sent one at a time, and the plans are read back from the server's log.
// A sequential scan of a large table on a request's path fails the run: the cost of a
// request must not grow with the size of the platform.
import { readFileSync, statSync } from "node:fs";
import type pg from "pg";

/** Tables smaller than this may be scanned whole; the planner rightly prefers that. */
const LARGE_TABLE_ROWS = 50_000;

export type StatementPlan = {
  /** The statement as the app sent it (parameters as $1…), shortened. */
  statement: string;
  /** How many times it ran while plans were captured. */
  runs: number;
  /** Its slowest run, in ms, as Postgres measured it (execution, without the round trip). */
  slowestMs: number;
  /** The plan's node types, outermost first, e.g. "Limit > Index Scan using orders_pkey on orders". */
  shape: string;
};

export type PlanReport = {
  statements: StatementPlan[];
  /** Sequential scans of tables over LARGE_TABLE_ROWS rows, as "orders (1,000,000 rows) in: select …". */
  largeScans: string[];
};

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Total Time"?: number;
  Plans?: PlanNode[];
};

/**
 * Switches auto_explain on for every statement (server-wide, picked up by open connections
 * at their next statement), runs `work`, switches it off, and reads the plans it logged.
 */
export async function capturePlans(db: pg.Client, logFile: string, work: () => Promise<void>): Promise<PlanReport> {
  const from = statSync(logFile).size;
  const set = async (minDuration: string, analyze: string) => {
    await db.query(`alter system set auto_explain.log_min_duration = ${minDuration}`);
    await db.query(`alter system set auto_explain.log_analyze = ${analyze}`);
    await db.query("select pg_reload_conf()");
    // Each backend applies the reload when it next reads a command.
    await new Promise((resolve) => setTimeout(resolve, 300));
  };
  await set("0", "on");
  try {
    await work();
  } finally {
    await set("-1", "off");
  }
  const logged = readFileSync(logFile, "utf8").slice(from);
  return summarize(parsePlans(logged), await tableSizes(db));
}

/** auto_explain's JSON plans in a stretch of the server log. */
function parsePlans(log: string): { query: string; plan: PlanNode }[] {
  const plans: { query: string; plan: PlanNode }[] = [];
  // Each entry: "<prefix> LOG:  duration: 0.123 ms  plan:\n{ …json… }" up to the next log line.
  for (const chunk of log.split(/\n(?=\S)/)) {
    const at = chunk.indexOf("plan:\n");
    if (!chunk.includes("LOG:  duration:") || at < 0) continue;
    try {
      const parsed = JSON.parse(chunk.slice(at + "plan:\n".length)) as { "Query Text": string; Plan: PlanNode };
      plans.push({ query: parsed["Query Text"], plan: parsed.Plan });
    } catch {
      // A plan the log cut short; it says nothing either way.
    }
  }
  return plans;
}

async function tableSizes(db: pg.Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ relname: string; rows: string }>(
    `select c.relname, greatest(c.reltuples, 0)::bigint as rows from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`,
  );
  return new Map(rows.map((row) => [row.relname, Number(row.rows)]));
}

function summarize(plans: { query: string; plan: PlanNode }[], sizes: Map<string, number>): PlanReport {
  const byStatement = new Map<string, StatementPlan>();
  const largeScans = new Set<string>();
  for (const { query, plan } of plans) {
    const statement = query.replace(/\s+/g, " ").trim();
    // Transaction control, the scope setting, and the harness's own switching of auto_explain.
    if (/^(begin|commit|rollback|select set_config\(|select pg_reload_conf\(|alter system )/i.test(statement)) continue;
    const short = statement.length > 110 ? `${statement.slice(0, 107)}…` : statement;
    const ms = plan["Actual Total Time"] ?? 0;
    const known = byStatement.get(statement);
    if (known) {
      known.runs++;
      known.slowestMs = Math.max(known.slowestMs, ms);
    } else {
      byStatement.set(statement, { statement: short, runs: 1, slowestMs: ms, shape: shapeOf(plan) });
    }
    for (const node of nodesOf(plan)) {
      const table = node["Relation Name"];
      if (node["Node Type"] === "Seq Scan" && table && (sizes.get(table) ?? 0) > LARGE_TABLE_ROWS) {
        largeScans.add(`${table} (${sizes.get(table)!.toLocaleString("en-US")} rows) in: ${short}`);
      }
    }
  }
  return {
    statements: [...byStatement.values()].sort((a, b) => b.slowestMs - a.slowestMs),
    largeScans: [...largeScans],
  };
}

function* nodesOf(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodesOf(child);
}

function shapeOf(plan: PlanNode): string {
  return [...nodesOf(plan)]
    .map((node) =>
      [
        node["Node Type"],
        node["Index Name"] && `using ${node["Index Name"]}`,
        node["Relation Name"] && `on ${node["Relation Name"]}`,
      ]
        .filter(Boolean)
        .join(" "),
    )
    .join(" > ");
}

/** The plans as printed after the results table: the slowest statements first. */
export function formatPlans(report: PlanReport, top = 15): string {
  const lines = [
    `plans: ${report.statements.length} distinct statements on the measured paths (auto_explain, real parameters)`,
    ...report.statements
      .slice(0, top)
      .map(
        (s) =>
          `  ${s.slowestMs.toFixed(2).padStart(8)} ms  ×${String(s.runs).padEnd(3)} ${s.statement}\n${" ".repeat(18)}${s.shape}`,
      ),
    report.largeScans.length === 0
      ? `sequential scans of tables over ${LARGE_TABLE_ROWS.toLocaleString("en-US")} rows: none`
      : `SEQUENTIAL SCANS of tables over ${LARGE_TABLE_ROWS.toLocaleString("en-US")} rows:\n${report.largeScans.map((s) => `  - ${s}`).join("\n")}`,
  ];
  return lines.join("\n");
}
