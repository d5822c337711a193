import "server-only";
import { z } from "zod";
import { log } from "@/lib/log";
import { clientIp } from "@/lib/security/client-ip";
import {
  checkThrottle,
  consumeThrottle,
  resetThrottle,
  THROTTLE_RULES,
  type ThrottleKey,
} from "@/lib/security/throttle";
import { throttledErrorCode } from "@/lib/security/throttle-message";
import { hostName } from "@/lib/tenancy/host";
import { redeemSignInTicket } from "./sign-in-tickets";
import { credentialsSchema } from "./signup-schema";
import { authenticate, findUserById } from "./users";

/** What a successful sign-in puts in the session: who, on which host, under which session version. */
export type SignedInIdentity = { id: string; email: string; host: string; sessionVersion: number };

type SignInRequest = { headers?: Record<string, string | string[] | undefined> };

const ticketSchema = z.object({ ticket: z.string().min(20).max(100) });

/**
 * next-auth puts the message of an error thrown from `authorize` into the sign-in form's
 * `result.error` (through a redirect URL), so only these fixed codes are ever thrown.
 */
class SignInRefused extends Error {}
const UNAVAILABLE = "unavailable";

/**
 * next-auth's `authorize`: a sign-in ticket (a hand-off from the root domain) or an email
 * and password. The session it starts is bound to the host the request was made on.
 * Failures are throttled per account and per client; during a lockout every attempt is
 * refused with `throttledErrorCode`, a right password too, so the lockout is no oracle.
 */
export async function signInWithCredentials(
  credentials: Record<string, string> | undefined,
  request: SignInRequest,
): Promise<SignedInIdentity | null> {
  try {
    return await signIn(credentials, request);
  } catch (error) {
    if (error instanceof SignInRefused) throw error;
    log.error({ err: error }, "sign-in failed");
    throw new SignInRefused(UNAVAILABLE);
  }
}

async function signIn(
  credentials: Record<string, string> | undefined,
  request: SignInRequest,
): Promise<SignedInIdentity | null> {
  const host = typeof request.headers?.host === "string" ? hostName(request.headers.host) : null;
  if (!host) return null;
  const ip = clientIp(request.headers ?? {});
  const withTicket = ticketSchema.safeParse(credentials);
  if (withTicket.success) {
    const keys = [{ rule: THROTTLE_RULES.ticketIp, subject: ip }];
    await refuseIfLockedOut(keys);
    const userId = await redeemSignInTicket(withTicket.data.ticket, host);
    const user = userId ? await findUserById(userId) : null;
    if (!user) return failed(keys, { host, ip });
    return { id: user.id, email: user.email, host, sessionVersion: user.sessionVersion };
  }
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const account = { rule: THROTTLE_RULES.signInAccount, subject: parsed.data.email };
  const keys = [account, { rule: THROTTLE_RULES.signInIp, subject: ip }];
  await refuseIfLockedOut(keys);
  const user = await authenticate(parsed.data.email, parsed.data.password);
  if (!user) return failed(keys, { host, ip });
  await resetThrottle([account]);
  return { id: user.id, email: user.email, host, sessionVersion: user.sessionVersion };
}

/** Checked before the password or ticket, so nothing is learnt during a lockout. */
async function refuseIfLockedOut(keys: ThrottleKey[]): Promise<void> {
  const verdict = await checkThrottle(keys);
  if (!verdict.allowed) throw new SignInRefused(throttledErrorCode(verdict.retryAfterSeconds));
}

/** Counts a failure; the one that starts a lockout already says so. */
async function failed(keys: ThrottleKey[], context: Record<string, unknown>): Promise<null> {
  const verdict = await consumeThrottle(keys, context);
  if (!verdict.allowed) throw new SignInRefused(throttledErrorCode(verdict.retryAfterSeconds));
  return null;
}
