import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

/**
 * Keyset ("cursor") pagination for lists that grow: a page ends at a row, and the next
 * page starts after it in (timestamp, id) order, newest first. Unlike an offset, a cursor
 * costs the same on page 1 and page 1,000 and never skips or repeats a row when new rows
 * arrive between pages. The timestamp is the list's own (orders: created_at, webhook
 * deliveries: received_at).
 */
export const PAGE_SIZE = 50;

/**
 * Where a page ended. `at` is the row's timestamp exactly as Postgres prints it
 * (`created_at::text`, microseconds): a JavaScript Date keeps only milliseconds, and
 * rounding would skip rows made in the same millisecond.
 */
export type Cursor = { at: string; id: string };

const cursorShape = z.tuple([
  z
    .string()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/),
  z.uuid(),
]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString("base64url");
}

/** The cursor in a URL, or null if there is none or it was tampered with (then the list starts over). */
export function decodeCursor(raw: string | undefined | null): Cursor | null {
  if (!raw || raw.length > 200) return null;
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** A timestamp column as a cursor keeps it; select it beside each row to build the row's cursor. */
export function cursorAt(timestamp: AnyColumn): SQL<string> {
  return sql<string>`${timestamp}::text`;
}

/**
 * The rows after `cursor` for a list ordered by `desc(timestamp), desc(id)` (the id breaks
 * ties); no condition on the first page.
 */
export function afterCursor(timestamp: AnyColumn, id: AnyColumn, cursor: Cursor | null | undefined): SQL | undefined {
  return cursor ? sql`(${timestamp}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
}

export type Page<T> = { rows: T[]; nextCursor: string | null };

/** Given up to `limit + 1` rows and each row's cursor, the page and the cursor of its last row if more follow. */
export function toPage<R, T>(rows: R[], limit: number, pick: (row: R) => { row: T; cursor: Cursor }): Page<T> {
  const picked = rows.slice(0, limit).map(pick);
  const last = picked[picked.length - 1];
  return { rows: picked.map((p) => p.row), nextCursor: rows.length > limit && last ? encodeCursor(last.cursor) : null };
}

/**
 * A list page's address with `changes` made to its query (null removes a key): filters and
 * the cursors of other lists on the page stay, so paging one list keeps the others' place.
 */
export function listHref(
  path: string,
  query: Record<string, string | null | undefined>,
  changes: Record<string, string | null> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
