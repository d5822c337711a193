import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { emailVerificationTokens, storeMemberships, users, type User } from "@/db/schema";
import { getDb, type Executor } from "@/lib/db";
import { platformUrl } from "@/lib/tenancy/stores";

/** How long a link works. Long enough for a weekend; it is single use and stored hashed. */
export const VERIFICATION_LINK_LIFETIME_MS = 48 * 60 * 60 * 1000;
/** At most this many links per account per hour, and one a minute: the resend buttons cannot flood a mailbox. */
const LINKS_PER_HOUR = 5;
const LINK_GAP_MS = 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export const VERIFY_EMAIL_PATH = "/verify-email";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A link as mailed; `id` (the token's hash) names it without revealing it. */
export type VerificationLink = { id: string; url: string; expiresAt: Date };

/**
 * Makes a new single-use link that proves `user` reads their current address, on the
 * caller's transaction. Returns null when the account had a link less than a minute ago
 * or has had its hourly share.
 */
export async function createVerificationLink(
  executor: Executor,
  user: Pick<User, "id" | "email">,
  now = new Date(),
): Promise<VerificationLink | null> {
  const recent = await executor
    .select({ createdAt: emailVerificationTokens.createdAt })
    .from(emailVerificationTokens)
    .where(
      and(
        eq(emailVerificationTokens.userId, user.id),
        gt(emailVerificationTokens.createdAt, new Date(now.getTime() - HOUR_MS)),
      ),
    )
    .orderBy(desc(emailVerificationTokens.createdAt));
  const latest = recent[0]?.createdAt;
  if (recent.length >= LINKS_PER_HOUR || (latest && now.getTime() - latest.getTime() < LINK_GAP_MS)) return null;

  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + VERIFICATION_LINK_LIFETIME_MS);
  await executor.insert(emailVerificationTokens).values({
    tokenHash,
    userId: user.id,
    email: user.email,
    expiresAt,
    createdAt: now,
  });
  return { id: tokenHash, url: platformUrl(`${VERIFY_EMAIL_PATH}?token=${encodeURIComponent(token)}`), expiresAt };
}

/** Whether a link would still work, without using it: the page shows its button or says why not. */
export async function isVerificationLinkUsable(token: string, now = new Date()): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ userId: emailVerificationTokens.userId })
    .from(emailVerificationTokens)
    .innerJoin(users, eq(users.id, emailVerificationTokens.userId))
    .where(
      and(
        eq(emailVerificationTokens.tokenHash, hashToken(token)),
        isNull(emailVerificationTokens.usedAt),
        gt(emailVerificationTokens.expiresAt, now),
        eq(users.email, emailVerificationTokens.email),
      ),
    )
    .limit(1);
  return !!row;
}

/**
 * Uses a link: marks its account's address verified and returns the account, or null if
 * the link is unknown, used, expired, or for an address the account no longer has. Every
 * other open link of the account is spent too, so no old mail still signs anyone in.
 */
export async function verifyEmailWithToken(token: string, now = new Date()): Promise<{ userId: string } | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(emailVerificationTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailVerificationTokens.tokenHash, hashToken(token)),
          isNull(emailVerificationTokens.usedAt),
          gt(emailVerificationTokens.expiresAt, now),
        ),
      )
      .returning({ userId: emailVerificationTokens.userId, email: emailVerificationTokens.email });
    if (!link) return null;
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(users.id, link.userId), eq(users.email, link.email)))
      .returning({ id: users.id });
    if (!user) return null;
    await tx
      .update(emailVerificationTokens)
      .set({ usedAt: now })
      .where(and(eq(emailVerificationTokens.userId, user.id), isNull(emailVerificationTokens.usedAt)));
    return { userId: user.id };
  });
}

/** The store's owner: who signed it up, whose address decides whether it may take live payments. */
export async function findStoreOwner(storeId: string): Promise<Pick<User, "id" | "email" | "emailVerifiedAt"> | null> {
  const db = await getDb();
  const [owner] = await db
    .select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(storeMemberships)
    .innerJoin(users, eq(users.id, storeMemberships.userId))
    .where(and(eq(storeMemberships.storeId, storeId), eq(storeMemberships.role, "owner")))
    .orderBy(asc(storeMemberships.createdAt))
    .limit(1);
  return owner ?? null;
}

/** Whether the store's owner has verified their address (live mode needs it). */
export async function isStoreOwnerEmailVerified(storeId: string): Promise<boolean> {
  return !!(await findStoreOwner(storeId))?.emailVerifiedAt;
}
