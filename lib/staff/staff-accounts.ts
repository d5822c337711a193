import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { nextSessionVersion } from "@/lib/auth/session-rules";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type StaffAccount = { email: string; password: string; created: boolean };

const staffEmail = z
  .email()
  .max(254)
  .transform((email) => email.trim().toLowerCase());

/**
 * Creates a platform staff account with a one-time password, or gives an existing staff
 * account a new one (ending its sessions). Staff accounts are separate from store owners:
 * an owner's address is refused rather than promoted, so no store member holds the role.
 */
export async function createStaffAccount(rawEmail: string): Promise<StaffAccount> {
  const parsed = staffEmail.safeParse(rawEmail);
  if (!parsed.success) throw new AppError("invalid_email", `Not an email address: ${JSON.stringify(rawEmail)}.`);
  const email = parsed.data;
  const password = randomBytes(15).toString("base64url");
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const [existing] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (existing && !existing.isStaff) {
    throw new AppError(
      "not_a_staff_account",
      `${email} is a store owner's account. Staff accounts are separate: use another address.`,
      409,
    );
  }
  if (existing) {
    // The new password ends every session the old one opened.
    await db.update(users).set({ passwordHash, sessionVersion: nextSessionVersion }).where(eq(users.id, existing.id));
    return { email, password, created: false };
  }
  await db.insert(users).values({ email, passwordHash, isStaff: true, emailVerifiedAt: new Date() });
  return { email, password, created: true };
}
