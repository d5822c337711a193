import "server-only";

/**
 * The one byte range a request asks for, per RFC 9110 §14. Only single ranges are
 * honoured: a multi-range request gets the whole file (`ignore`), which the RFC allows,
 * as it allows ignoring a header we cannot parse or a unit other than bytes.
 */
export type RangeRequest =
  { kind: "ignore" } | { kind: "range"; start: number; end: number } | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "ignore" };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: "ignore" };
  // The list syntax tolerates empty elements ("bytes=0-1,,").
  const specs = (match[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (specs.length !== 1) return { kind: "ignore" };
  const spec = specs[0] ?? "";

  const suffix = /^-(\d+)$/.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    if (length === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", start: Math.max(0, size - length), end: size - 1 };
  }
  const bounded = /^(\d+)-(\d*)$/.exec(spec);
  if (!bounded) return { kind: "ignore" };
  const start = Number(bounded[1]);
  const last = bounded[2] ? Number(bounded[2]) : Number.POSITIVE_INFINITY;
  // last < first is invalid syntax, not an unsatisfiable range: ignore the header.
  if (last < start) return { kind: "ignore" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "range", start, end: Math.min(last, size - 1) };
}
