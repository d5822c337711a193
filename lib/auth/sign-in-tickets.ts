import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { signInTickets } from "@/db/schema";
import { getDb } from "@/lib/db";
import { hostName } from "@/lib/tenancy/host";

const TICKET_LIFETIME_MS = 2 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A single-use ticket that signs `userId` in on `host` (sessions are per host). */
export async function createSignInTicket(userId: string, host: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.insert(signInTickets).values({
    tokenHash: hashToken(token),
    userId,
    host: hostName(host),
    expiresAt: new Date(Date.now() + TICKET_LIFETIME_MS),
  });
  return token;
}

/** Marks the ticket used and returns its user, or null if it is unknown, used, expired or for another host. */
export async function redeemSignInTicket(token: string, host: string): Promise<string | null> {
  const db = await getDb();
  const [ticket] = await db
    .update(signInTickets)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(signInTickets.tokenHash, hashToken(token)),
        eq(signInTickets.host, hostName(host)),
        isNull(signInTickets.usedAt),
        gt(signInTickets.expiresAt, new Date()),
      ),
    )
    .returning({ userId: signInTickets.userId });
  return ticket?.userId ?? null;
}
