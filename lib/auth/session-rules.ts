import "server-only";
import { randomUUID } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { revokedSessions, users, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { hostName } from "@/lib/tenancy/host";

/** What the session token says; `sessionFromToken` checks it against the request and the database. */
export type SessionClaims = { userId?: string; host?: string; sessionVersion?: number; sessionId?: string };

export const newSessionId = () => randomUUID();

/** The update that ends every session of a user: tokens carry the old version. */
export const nextSessionVersion = sql`${users.sessionVersion} + 1`;

/** The rule behind `getSignedInUser`, apart from next-auth so it can be tested directly. */
export async function sessionUser(claims: SessionClaims, requestHost: string | null): Promise<User | null> {
  const { userId, host, sessionVersion, sessionId } = claims;
  if (!userId || !host || sessionVersion === undefined || !sessionId || !requestHost) return null;
  if (hostName(requestHost) !== host) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      user: users,
      revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${sessionId})`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row || row.revoked || row.user.sessionVersion !== sessionVersion) return null;
  return row.user;
}

/** Ends one session (signing out): its token is refused from now on, wherever it is replayed. */
export async function revokeSession(sessionId: string, expiresAt: Date): Promise<void> {
  const db = await getDb();
  await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
  // Tokens past their expiry are refused anyway; their ids need not be kept.
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
}

/**
 * Ends every session of a user at once: "Sign out of all devices", a password change, or
 * staff forcing a sign-out.
 */
export async function endAllSessions(userId: string, reason: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ sessionVersion: nextSessionVersion }).where(eq(users.id, userId));
  log.info({ userId, reason }, "all sessions ended");
}
