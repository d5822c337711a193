"use server";
import { headers } from "next/headers";
import { validatedAction } from "@/lib/actions";
import { signUpAndAskToConfirm } from "@/lib/auth/signup-flow";
import { signupServerSchema } from "@/lib/auth/signup-password";
import { clientIp } from "@/lib/security/client-ip";
import { consumeThrottle, THROTTLE_RULES, tooManyAttemptsMessage } from "@/lib/security/throttle";

const signUpValidated = validatedAction(signupServerSchema, signUpAndAskToConfirm);

/** Every attempt, valid or not, counts against the client's signup throttle. */
export async function signUp(input: unknown): ReturnType<typeof signUpValidated> {
  const ip = clientIp(await headers());
  const verdict = await consumeThrottle([{ rule: THROTTLE_RULES.signupIp, subject: ip }], { ip });
  if (!verdict.allowed) {
    return { ok: false, formError: tooManyAttemptsMessage(verdict.retryAfterSeconds), fieldErrors: {} };
  }
  return signUpValidated(input);
}
