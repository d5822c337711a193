import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { stores } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { postgresUrl, waitUntilBlocked, watcher } from "@/test/overlap";
import { signUpOwner } from "./signup";

// Records which unique violations signup recognised, so the test knows the race was
// decided by the unique index and not by the check that runs before the insert.
const recognised = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/db-errors", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/db-errors")>();
  return {
    ...original,
    isUniqueViolation: (error: unknown, constraint: string) => {
      const hit = original.isUniqueViolation(error, constraint);
      if (hit) recognised.push(constraint);
      return hit;
    },
  };
});

beforeAll(() => getDb());

describe.runIf(postgresUrl)("signups racing for one address, on Postgres", () => {
  it("all pass the check before the insert at once; the unique index lets one in and the rest hear 'taken'", async () => {
    const subdomain = `race-${randomBytes(4).toString("hex")}`;
    const racers = 5;
    // The test claims the address in a transaction it keeps open: every signup finds it
    // free (the claim is not committed), then waits on it at the insert. Once all of them
    // wait, the claim is rolled back and the signups decide among themselves.
    const client = await watcher();
    try {
      await client.query("begin");
      await client.query("insert into stores (subdomain, name) values ($1, 'Held by the test')", [subdomain]);
      const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      recognised.length = 0;
      const attempts = Promise.allSettled(
        Array.from({ length: racers }, (_, i) =>
          signUpOwner({
            email: `race-${i}-${subdomain}@example.test`,
            password: "long enough pw",
            storeName: "Race",
            subdomain,
          }),
        ),
      );
      const waiting = await waitUntilBlocked(client, rows[0]!.pid, racers, 15_000).catch(
        (error: Error) => error.message,
      );
      await client.query("rollback");
      const settled = await attempts;
      expect(waiting).toBe(racers);

      expect(settled.filter((a) => a.status === "fulfilled")).toHaveLength(1);
      const refusals = settled.flatMap((a) => (a.status === "rejected" ? [a.reason as unknown] : []));
      expect(refusals).toHaveLength(racers - 1);
      for (const refusal of refusals) {
        expect(refusal).toBeInstanceOf(AppError);
        expect(refusal).toMatchObject({ code: "subdomain_taken", fieldErrors: { subdomain: expect.any(String) } });
      }
      expect(recognised).toEqual(Array.from({ length: racers - 1 }, () => "stores_subdomain_key"));
      const db = await getDb();
      expect(await db.select().from(stores).where(eq(stores.subdomain, subdomain))).toHaveLength(1);
    } finally {
      await client.end();
    }
  });
});
