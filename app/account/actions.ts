"use server";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { endAllSessions } from "@/lib/auth/session-rules";
import { getSignedInUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** "Sign out of all devices": every session of the signed-in user ends, this one included. */
export const signOutEverywhere = validatedAction(z.object({}), async () => {
  const user = await getSignedInUser();
  if (!user) throw new AppError("signed_out", "Your session has already ended.", 401);
  await endAllSessions(user.id, "signed out of all devices");
  return { signedOut: true };
});
