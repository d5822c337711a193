import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RecordedBody } from "./recorder";
import { ConformanceChecker, type Violation } from "./validator";

/** A violation and how often it was seen: a drifted field shows in every body of its kind. */
export interface RecordedViolation extends Violation {
  source: RecordedBody["source"];
  /** The first request whose body showed it. */
  request: string;
  count: number;
}

export interface RecordedReport {
  bodies: number;
  /** Bodies of a kind the schemas cover (the rest: non-JSON, or objects without a schema). */
  checked: number;
  violations: RecordedViolation[];
}

/** `/data/3/lines/data/0/price` → `/data/*\/lines/data/*\/price`, so one drift counts once. */
function generalize(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, "/*");
}

/** Checks every body recorded in `directory` (see recorder.ts). */
export function checkRecorded(directory: string, checker = new ConformanceChecker()): RecordedReport {
  const report: RecordedReport = { bodies: 0, checked: 0, violations: [] };
  const seen = new Map<string, RecordedViolation>();
  const files = readdirSync(directory)
    .filter((file) => file.endsWith(".jsonl"))
    .sort();
  for (const file of files) {
    for (const line of readFileSync(path.join(directory, file), "utf8").split("\n")) {
      if (line === "") continue;
      report.bodies++;
      let entry: RecordedBody;
      let body: unknown;
      try {
        entry = JSON.parse(line) as RecordedBody;
        body = JSON.parse(entry.body);
      } catch {
        // A line cut short by a worker that was killed, or a body that is not JSON.
        continue;
      }
      if (checker.schemaFor(body) === null) continue;
      report.checked++;
      for (const violation of checker.check(body)) {
        const generalized = { ...violation, path: generalize(violation.path) };
        const key = `${generalized.schema} ${generalized.path} ${generalized.message}`;
        const known = seen.get(key);
        if (known) known.count++;
        else seen.set(key, { ...generalized, source: entry.source, request: entry.request, count: 1 });
      }
    }
  }
  report.violations = [...seen.values()];
  return report;
}

export function formatViolations(violations: RecordedViolation[], limit = 20): string {
  const lines = violations
    .slice(0, limit)
    .map(
      (violation) =>
        `  ${violation.schema} ${violation.path || "/"}: ${violation.message}` +
        ` (${violation.count}×, first in ${violation.source} to ${violation.request.replace(/\?.*$/, "")})`,
    );
  if (violations.length > limit) lines.push(`  … and ${violations.length - limit} more`);
  return lines.join("\n");
}
