import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { endAllSessions, newSessionId, revokeSession, sessionUser, type SessionClaims } from "./session-rules";

async function claimsFor(host: string): Promise<SessionClaims> {
  const { user } = await createOwnerWithStore();
  return { userId: user.id, host, sessionVersion: user.sessionVersion, sessionId: newSessionId() };
}

describe("a session", () => {
  it("is honoured on the host it was issued for, whatever the port-less case of the Host header", async () => {
    const claims = await claimsFor("shop-a.localhost");
    expect((await sessionUser(claims, "SHOP-A.localhost:3000"))?.id).toBe(claims.userId);
  });

  it("is refused on any other host: another store, or the platform's dashboard", async () => {
    const claims = await claimsFor("shop-a.localhost");
    expect(await sessionUser(claims, "shop-b.localhost:3000")).toBeNull();
    expect(await sessionUser(claims, "localhost:3000")).toBeNull();
    expect(await sessionUser(claims, null)).toBeNull();
  });

  it("issued before the bound-session release (no host, version or id) is refused", async () => {
    const claims = await claimsFor("shop-a.localhost");
    expect(await sessionUser({ userId: claims.userId }, "shop-a.localhost")).toBeNull();
    expect(await sessionUser({ ...claims, sessionId: undefined }, "shop-a.localhost")).toBeNull();
    expect(await sessionUser({ ...claims, sessionVersion: undefined }, "shop-a.localhost")).toBeNull();
  });

  it("ends for good when signed out, even if the token is replayed", async () => {
    const claims = await claimsFor("shop-a.localhost");
    await revokeSession(claims.sessionId!, new Date(Date.now() + 60_000));
    expect(await sessionUser(claims, "shop-a.localhost")).toBeNull();
    // Another session of the same user is untouched.
    expect(await sessionUser({ ...claims, sessionId: newSessionId() }, "shop-a.localhost")).not.toBeNull();
  });

  it("ends everywhere at once when the user signs out of all devices", async () => {
    const storeSession = await claimsFor("shop-a.localhost");
    const dashboardSession = { ...storeSession, host: "localhost", sessionId: newSessionId() };
    await endAllSessions(storeSession.userId!, "test");
    expect(await sessionUser(storeSession, "shop-a.localhost")).toBeNull();
    expect(await sessionUser(dashboardSession, "localhost")).toBeNull();
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, storeSession.userId!));
    // A session begun after that carries the new version and works.
    expect(
      await sessionUser({ ...storeSession, sessionVersion: user!.sessionVersion }, "shop-a.localhost"),
    ).not.toBeNull();
  });
});
