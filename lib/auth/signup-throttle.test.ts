import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { signUp } from "@/app/signup/actions";
import { getDb } from "@/lib/db";

/** The signup action's request: only its client address matters here. */
const request = vi.hoisted(() => ({ ip: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "localhost:3000", "x-forwarded-for": request.ip }),
}));

const newIp = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;

// The first query migrates the database: under the hook timeout, not a test's.
beforeAll(() => getDb());

describe("signup throttle", () => {
  it("refuses a client's 11th signup attempt within the hour, whatever it sends", async () => {
    request.ip = newIp();
    // Attempts count whether or not they are valid.
    for (let i = 0; i < 10; i++) {
      const result = await signUp({});
      expect(result).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
    }
    const id = randomBytes(4).toString("hex");
    const email = `owner-${id}@example.test`;
    const complete = { email, password: `pw-${id}-${id}-long`, storeName: `Store ${id}`, subdomain: `store-${id}` };
    expect(await signUp(complete)).toEqual({
      ok: false,
      formError: "Too many attempts, try again in 60 minutes.",
      fieldErrors: {},
    });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);

    // Another client is untouched.
    request.ip = newIp();
    expect(await signUp({})).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
  });
});
