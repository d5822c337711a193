import { createHash, randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { rateLimits } from "@/db/schema";
import { getDb } from "@/lib/db";
import { THROTTLE_RULES } from "@/lib/security/throttle";
import { retryAfterFromErrorCode, tooManyAttemptsMessage } from "@/lib/security/throttle-message";
import { createOwnerWithStore } from "@/test/factories";
import { signInWithCredentials } from "./sign-in";
import { createSignInTicket } from "./sign-in-tickets";
import { authenticate } from "./users";

vi.mock("./users", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./users")>();
  return { ...actual, authenticate: vi.fn(actual.authenticate) };
});

const HOST = "localhost:3000";
/** A client address of its own per test, so tests sharing a database never share a counter. */
const newIp = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
const from = (ip: string) => ({ headers: { host: HOST, "x-forwarded-for": ip } });
const THROTTLED = /^throttled:\d+$/;

const withPassword = (email: string, password: string, ip: string) =>
  signInWithCredentials({ email, password }, from(ip));

/** Time passes: the lockout row of this counter expires (as in throttle.test.ts). */
async function expire(rule: { name: string }, subject: string) {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ expire: new Date(Date.now() - 1000) })
    .where(eq(rateLimits.key, `t:${rule.name}:${subject.toLowerCase()}`));
}

// The first query migrates the database: under the hook timeout, not a test's.
beforeAll(() => getDb());

describe("sign-in throttle", () => {
  it("locks an account on the 10th wrong password and then refuses the right one, from any client", async () => {
    const { user, password } = await createOwnerWithStore();
    const ip = newIp();
    for (let i = 0; i < 9; i++) expect(await withPassword(user.email, "wrong-password", ip)).toBeNull();
    const tenth = await withPassword(user.email, "wrong-password", ip).then(
      () => "signed in",
      (error: Error) => error.message,
    );
    expect(tenth).toMatch(THROTTLED);
    const seconds = retryAfterFromErrorCode(tenth);
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    // Not an oracle: the right password is refused like a wrong one, and the account's lock
    // is not per client.
    await expect(withPassword(user.email, password, ip)).rejects.toThrow(THROTTLED);
    await expect(withPassword(user.email, password, newIp())).rejects.toThrow(THROTTLED);

    // Another account from another client is untouched.
    const other = await createOwnerWithStore();
    expect(await withPassword(other.user.email, other.password, newIp())).toMatchObject({ id: other.user.id });
  });

  it("lets the owner back in by time alone, and a right password clears the failures", async () => {
    const { user, password } = await createOwnerWithStore();
    const ip = newIp();
    for (let i = 0; i < 9; i++) await withPassword(user.email, "wrong-password", ip);
    // The 9th failure is followed by a success, which forgets the account's failures ...
    expect(await withPassword(user.email, password, ip)).toMatchObject({ id: user.id, email: user.email });
    for (let i = 0; i < 9; i++) expect(await withPassword(user.email, "wrong-password", ip)).toBeNull();
    await expect(withPassword(user.email, "wrong-password", ip)).rejects.toThrow(THROTTLED);
    await expect(withPassword(user.email, password, ip)).rejects.toThrow(THROTTLED);
    // ... and once the lockout has run out, the right password works again.
    await expire(THROTTLE_RULES.signInAccount, user.email);
    expect(await withPassword(user.email, password, ip)).toMatchObject({ id: user.id, host: "localhost" });
  });

  it("locks a client that sprays wrong passwords over many accounts on its 30th failure", async () => {
    const { user, password } = await createOwnerWithStore();
    const ip = newIp();
    // One failure per address: no account gets near its own limit.
    for (let i = 0; i < 29; i++) {
      expect(await withPassword(`nobody-${randomUUID()}@example.test`, "wrong-password", ip)).toBeNull();
    }
    await expect(withPassword(`nobody-${randomUUID()}@example.test`, "wrong-password", ip)).rejects.toThrow(THROTTLED);
    await expect(withPassword(user.email, password, ip)).rejects.toThrow(THROTTLED);
    // The account itself is not locked: its owner on another network signs in.
    expect(await withPassword(user.email, password, newIp())).toMatchObject({ id: user.id });
  });

  it("locks a client on its 10th unknown sign-in ticket, without burning a good one", async () => {
    const { user } = await createOwnerWithStore();
    const ip = newIp();
    const guess = () => signInWithCredentials({ ticket: randomBytes(32).toString("base64url") }, from(ip));
    for (let i = 0; i < 9; i++) expect(await guess()).toBeNull();
    await expect(guess()).rejects.toThrow(THROTTLED);
    const ticket = await createSignInTicket(user.id, HOST);
    await expect(signInWithCredentials({ ticket }, from(ip))).rejects.toThrow(THROTTLED);
    // The refused attempt never reached the ticket: it still works for its owner elsewhere.
    expect(await signInWithCredentials({ ticket }, from(newIp()))).toMatchObject({ id: user.id });
  });

  it("hides internal errors behind a fixed code", async () => {
    vi.mocked(authenticate).mockRejectedValueOnce(new Error("connect ECONNREFUSED 10.0.0.5:5432"));
    const attempt = withPassword("owner@example.test", "a-password", newIp());
    await expect(attempt).rejects.toThrow(/^unavailable$/);
  });

  it("reaches the sign-in form as next-auth's error, and nothing more", async () => {
    const { user, password } = await createOwnerWithStore();
    const ip = newIp();
    for (let i = 0; i < 10; i++) await withPassword(user.email, "wrong-password", ip).catch(() => null);
    // next-auth 4 carries the message of an error thrown by `authorize` in the `error`
    // parameter of the URL that `signIn(..., { redirect: false })` resolves to.
    const error = await nextAuthSignInError({ email: user.email, password }, ip);
    expect(error).toMatch(THROTTLED);
    expect(tooManyAttemptsMessage(retryAfterFromErrorCode(error) ?? 0)).toBe(
      "Too many attempts, try again in 15 minutes.",
    );
  });
});

/**
 * A credentials sign-in through next-auth's own handler, as `signIn("credentials",
 * { redirect: false })` posts it; returns the `error` the form then reads.
 */
async function nextAuthSignInError(credentials: Record<string, string>, ip: string): Promise<string | null> {
  const secret = randomBytes(32).toString("hex");
  const csrfToken = randomBytes(32).toString("hex");
  const csrfHash = createHash("sha256").update(`${csrfToken}${secret}`).digest("hex");
  const request = {
    method: "POST",
    query: { nextauth: ["callback", "credentials"] },
    headers: from(ip).headers,
    cookies: { "next-auth.csrf-token": `${csrfToken}|${csrfHash}` },
    body: { ...credentials, csrfToken, json: "true" },
  };
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status: (status: number) => ((sent.status = status), response),
    getHeader: () => undefined,
    setHeader: () => response,
    json: (body: unknown) => void (sent.body = body),
    send: (body: unknown) => void (sent.body = body),
    end: () => undefined,
  };
  await NextAuth(request as never, response as never, {
    secret,
    session: { strategy: "jwt" },
    providers: [CredentialsProvider({ credentials: {}, authorize: (c, req) => signInWithCredentials(c, req) })],
    logger: { error: () => undefined, warn: () => undefined, debug: () => undefined },
  });
  expect(sent.status).toBe(401);
  const { url } = sent.body as { url: string };
  return new URL(url).searchParams.get("error");
}
