import "server-only";
import { z } from "zod";
import { hostName } from "@/lib/tenancy/host";
import { redeemSignInTicket } from "./sign-in-tickets";
import { credentialsSchema } from "./signup-schema";
import { authenticate, findUserById } from "./users";

/** What a successful sign-in puts in the session: who, on which host, under which session version. */
export type SignedInIdentity = { id: string; email: string; host: string; sessionVersion: number };

type SignInRequest = { headers?: Record<string, string | string[] | undefined> };

const ticketSchema = z.object({ ticket: z.string().min(20).max(100) });

/**
 * next-auth's `authorize`: a sign-in ticket (a hand-off from the root domain) or an email
 * and password. The session it starts is bound to the host the request was made on.
 */
export async function signInWithCredentials(
  credentials: Record<string, string> | undefined,
  request: SignInRequest,
): Promise<SignedInIdentity | null> {
  const host = typeof request.headers?.host === "string" ? hostName(request.headers.host) : null;
  if (!host) return null;
  const withTicket = ticketSchema.safeParse(credentials);
  if (withTicket.success) {
    const userId = await redeemSignInTicket(withTicket.data.ticket, host);
    const user = userId ? await findUserById(userId) : null;
    return user ? { id: user.id, email: user.email, host, sessionVersion: user.sessionVersion } : null;
  }
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const user = await authenticate(parsed.data.email, parsed.data.password);
  return user ? { id: user.id, email: user.email, host, sessionVersion: user.sessionVersion } : null;
}
