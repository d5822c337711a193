"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { requestVerificationMail } from "@/lib/auth/email-verification-mails";
import { confirmEmailAndHandOff } from "@/lib/auth/signup-flow";
import { signupSchema } from "@/lib/auth/signup-schema";
import { clientIp } from "@/lib/security/client-ip";
import { consumeThrottle, THROTTLE_RULES, tooManyAttemptsMessage } from "@/lib/security/throttle";

/** The button on the verification link's page: verifies, then opens the owner's store admin. */
export const confirmEmail = validatedAction(z.object({ token: z.string().min(20).max(100) }), ({ token }) =>
  confirmEmailAndHandOff(token),
);

const NEW_LINK_MESSAGE =
  "If that address has an account waiting for confirmation, a new link is on its way. It can take a minute.";

const requestNewLinkValidated = validatedAction(z.object({ email: signupSchema.shape.email }), async ({ email }) => {
  await requestVerificationMail(email);
  return { message: NEW_LINK_MESSAGE };
});

/**
 * "Send a new link" on the root domain. Anyone can type any address, so the answer never
 * says whether it has an account, and requests count against the client's signup throttle.
 */
export async function requestNewLink(input: unknown): ReturnType<typeof requestNewLinkValidated> {
  const ip = clientIp(await headers());
  const verdict = await consumeThrottle([{ rule: THROTTLE_RULES.signupIp, subject: ip }], { ip });
  if (!verdict.allowed) {
    return { ok: false, formError: tooManyAttemptsMessage(verdict.retryAfterSeconds), fieldErrors: {} };
  }
  return requestNewLinkValidated(input);
}
