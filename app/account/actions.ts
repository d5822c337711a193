"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { changePassword, passwordChangeSchema } from "@/lib/auth/password-change";
import { endAllSessions } from "@/lib/auth/session-rules";
import { getSignedInUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/security/client-ip";

/** "Sign out of all devices": every session of the signed-in user ends, this one included. */
export const signOutEverywhere = validatedAction(z.object({}), async () => {
  const user = await getSignedInUser();
  if (!user) throw new AppError("signed_out", "Your session has already ended.", 401);
  await endAllSessions(user.id, "signed out of all devices");
  return { signedOut: true };
});

/** "Change password": the current one first; afterwards every session ends, this one too. */
export const changeOwnPassword = validatedAction(passwordChangeSchema, async (input) => {
  const user = await getSignedInUser();
  if (!user) throw new AppError("signed_out", "Your session has ended. Sign in again.", 401);
  await changePassword(user, input, clientIp(await headers()));
  return { changed: true };
});
