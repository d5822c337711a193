import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { checkThrottle, consumeThrottle, THROTTLE_RULES, tooManyAttemptsMessage } from "@/lib/security/throttle";
import { hashPassword, verifyPassword } from "./password";
import { nextSessionVersion } from "./session-rules";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./signup-schema";
import { passwordWeakness } from "./signup-password";

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH),
  newPassword: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
});

export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/**
 * Changes a signed-in user's password. The current password is checked under the same
 * throttle as signing in (it is a password guess like any other), the new one is judged
 * like a signup's, and every session of the user ends: whoever knew the old password
 * is signed out everywhere, this browser included.
 */
export async function changePassword(user: User, input: PasswordChange, clientIp: string): Promise<void> {
  const keys = [
    { rule: THROTTLE_RULES.signInAccount, subject: user.email },
    { rule: THROTTLE_RULES.signInIp, subject: clientIp },
  ];
  const locked = await checkThrottle(keys);
  if (!locked.allowed) throw throttled(locked.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const verdict = await consumeThrottle(keys, { userId: user.id, ip: clientIp });
    if (!verdict.allowed) throw throttled(verdict.retryAfterSeconds);
    throw new AppError("wrong_password", "Your current password is not right.", 400, {
      currentPassword: "That is not your current password.",
    });
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError("same_password", "Choose a new password.", 400, {
      newPassword: "That is your current password; choose a new one.",
    });
  }
  const weakness = passwordWeakness(input.newPassword, { email: user.email, storeName: "", subdomain: "" });
  if (weakness) throw new AppError("weak_password", "Choose a stronger password.", 400, { newPassword: weakness });
  const db = await getDb();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), sessionVersion: nextSessionVersion })
    .where(eq(users.id, user.id));
  log.info({ userId: user.id }, "password changed; all sessions ended");
}

function throttled(retryAfterSeconds: number): AppError {
  return new AppError("throttled", tooManyAttemptsMessage(retryAfterSeconds), 429);
}
