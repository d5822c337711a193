import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";

/*
 * Every foreign key needs an index that starts with its columns: without one, finding a
 * parent's children (an order's items, grants and timeline; a user's memberships) and every
 * cascading delete scans the whole child table, and a webhook's cost grows with the size of
 * the platform. A key that really needs none is listed here with the reason.
 */
const UNINDEXED_ON_PURPOSE: Record<string, string> = {
  // "table.constraint_name": "why no query or cascade ever needs it",
};

type ForeignKey = { table: string; name: string; columns: string[]; indexed: boolean };

async function foreignKeys(): Promise<ForeignKey[]> {
  const db = await getDb();
  // An index covers a key when its leading columns are exactly the key's columns, in any order.
  const result = await db.execute(sql`
    select c.conrelid::regclass::text as "table", c.conname as name,
      (select array_agg(a.attname::text order by k.ord)
         from unnest(c.conkey) with ordinality k(attnum, ord)
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
      exists (
        select 1 from pg_index i
        where i.indrelid = c.conrelid
          and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
          and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey
      ) as indexed
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
    order by 1, 2`);
  return (result as unknown as { rows: ForeignKey[] }).rows;
}

describe("foreign keys", () => {
  it("each has an index starting with its columns, or a written reason", async () => {
    const keys = await foreignKeys();
    expect(keys.length).toBeGreaterThan(30);
    const missing = keys
      .filter((key) => !key.indexed && !UNINDEXED_ON_PURPOSE[`${key.table}.${key.name}`])
      .map((key) => `${key.table} (${key.columns.join(", ")}) — ${key.name}`);
    expect(missing, "add an index, or a reason to UNINDEXED_ON_PURPOSE").toEqual([]);
  });

  it("lists no exception that is gone or has since been indexed", async () => {
    const unindexed = new Set(
      (await foreignKeys()).filter((key) => !key.indexed).map((key) => `${key.table}.${key.name}`),
    );
    expect(Object.keys(UNINDEXED_ON_PURPOSE).filter((key) => !unindexed.has(key))).toEqual([]);
  });
});
