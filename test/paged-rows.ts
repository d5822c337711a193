import { randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { decodeCursor, type Cursor, type Page } from "@/lib/pagination";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/**
 * Timestamps and ids for `count` rows whose newest-first order is known in advance: rank 0
 * is the newest. Rows come in threes that share either an exact timestamp (so only the id
 * orders them) or a millisecond (so only the microseconds do, the ids running the other
 * way). Across threes the ids are shuffled, so ordering by id alone would fail too.
 */
export function rankedKeys(count: number): { id: string; at: SQL }[] {
  // Random per call, so rows of two calls (or two runs on one Postgres database) never clash.
  const salt = `${hex(2)}-4${hex(2).slice(1)}-8${hex(2).slice(1)}`;
  const tail = hex(4);
  return Array.from({ length: count }, (_, rank) => {
    const group = Math.floor(rank / 3);
    const inGroup = rank % 3;
    const sameInstant = group % 2 === 0;
    const second = new Date(Date.UTC(2026, 2, 1, 12, 0, 0, 123) - group * 1000).toISOString();
    const micros = sameInstant ? "000" : String(300 - inGroup * 100);
    const at = second.replace("Z", `${micros}+00:00`);
    const shuffled = ((group * 2654435761) >>> 0).toString(16).padStart(8, "0");
    const order = (sameInstant ? 9 - inGroup : inGroup + 1).toString(16).padStart(4, "0");
    return { id: `${shuffled}-${salt}-${tail}${order}`, at: sql`${at}::timestamptz` };
  });
}

/** Every page of a list, following its cursors the way the page's "Next page" link does. */
export async function walkPages<T>(
  list: (cursor: Cursor | null) => Promise<Page<T>>,
): Promise<{ rows: T[]; pageSizes: number[] }> {
  const rows: T[] = [];
  const pageSizes: number[] = [];
  let cursor: Cursor | null = null;
  do {
    const page: Page<T> = await list(cursor);
    rows.push(...page.rows);
    pageSizes.push(page.rows.length);
    cursor = decodeCursor(page.nextCursor);
    if (page.nextCursor && !cursor) throw new Error("a list made a cursor it cannot read back");
    if (pageSizes.length > 1000) throw new Error("the pages never end");
  } while (cursor);
  return { rows, pageSizes };
}

/** Cursors a visitor might put in the URL by hand: each must make the list start over. */
export const tamperedCursors = (real: string) => [
  real.slice(0, Math.floor(real.length / 2)),
  `X${real.slice(1)}`,
  Buffer.from(JSON.stringify(["2026-03-01 12:00:00+00' or '1'='1", "0b7a4f36-7f6e-4d0e-9a0e-2f0c1a2b3c4d"])).toString(
    "base64url",
  ),
  Buffer.from(JSON.stringify(["2026-03-01 12:00:00+00", "not-a-uuid"])).toString("base64url"),
  Buffer.from(JSON.stringify({ at: "2026-03-01 12:00:00+00", id: "0b7a4f36-7f6e-4d0e-9a0e-2f0c1a2b3c4d" })).toString(
    "base64url",
  ),
];
