import { randomUUID } from "node:crypto";
import { like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { getDb } from "@/lib/db";
import { checkThrottle, consumeThrottle, resetThrottle, tooManyAttemptsMessage, type ThrottleRule } from "./throttle";

const rule = (name: string): ThrottleRule => ({ name, points: 3, windowSeconds: 900, lockoutSeconds: 60 });

describe("throttle", () => {
  it("allows the limit, locks out the next event, and keeps refusing without counting", async () => {
    const key = { rule: rule(`t${randomUUID()}`), subject: "Owner@Example.test " };
    for (let i = 0; i < 3; i++) expect((await consumeThrottle([key])).allowed).toBe(true);
    expect(await checkThrottle([key])).toEqual({ allowed: true });
    const locked = await consumeThrottle([key]);
    expect(locked).toMatchObject({ allowed: false, rule: key.rule.name });
    if (locked.allowed) throw new Error("unreachable");
    expect(locked.retryAfterSeconds).toBeGreaterThan(55);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The same subject however it is written.
    expect(await checkThrottle([{ rule: key.rule, subject: "owner@example.test" }])).toMatchObject({ allowed: false });
  });

  it("doubles the lockout each time within a day", async () => {
    const key = { rule: rule(`t${randomUUID()}`), subject: "203.0.113.9" };
    const lockouts: number[] = [];
    for (let round = 0; round < 3; round++) {
      let verdict = await consumeThrottle([key]);
      while (verdict.allowed) verdict = await consumeThrottle([key]);
      lockouts.push(verdict.retryAfterSeconds);
      // Time passes: the lockout ends (the stored row expires), the lockout count stays.
      const db = await getDb();
      await db.delete(rateLimits).where(like(rateLimits.key, `t:${key.rule.name}:%`));
    }
    expect(lockouts.map((s) => Math.round(s / 60))).toEqual([1, 2, 4]);
  });

  it("recovers by time alone: an expired lockout allows again", async () => {
    const key = { rule: rule(`t${randomUUID()}`), subject: "a@b.test" };
    for (let i = 0; i < 4; i++) await consumeThrottle([key]);
    expect((await checkThrottle([key])).allowed).toBe(false);
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ expire: new Date(Date.now() - 1000) })
      .where(like(rateLimits.key, `t:${key.rule.name}:%`));
    expect((await checkThrottle([key])).allowed).toBe(true);
    expect((await consumeThrottle([key])).allowed).toBe(true);
  });

  it("reports the longest lockout among several keys, and reset clears one", async () => {
    const a = { rule: rule(`a${randomUUID()}`), subject: "x" };
    const b = { rule: { ...rule(`b${randomUUID()}`), lockoutSeconds: 600 }, subject: "x" };
    for (let i = 0; i < 4; i++) await consumeThrottle([a, b]);
    expect(await checkThrottle([a, b])).toMatchObject({ allowed: false, rule: b.rule.name });
    await resetThrottle([b]);
    expect(await checkThrottle([a, b])).toMatchObject({ allowed: false, rule: a.rule.name });
  });

  it("words the wait in whole minutes", () => {
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts, try again in 1 minute.");
    expect(tooManyAttemptsMessage(899)).toBe("Too many attempts, try again in 15 minutes.");
  });
});
