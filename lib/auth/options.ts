import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { redeemSignInTicket } from "./sign-in-tickets";
import { credentialsSchema } from "./signup-schema";
import { authenticate, findUserById } from "./users";

const ticketSchema = z.object({ ticket: z.string().min(20).max(100) });

/**
 * next-auth with email + password, JWT sessions. Cookies are host-only, so each store's
 * subdomain and the root domain keep separate sessions; `ticket` carries a sign-in
 * from the root domain to a store host (see sign-in-tickets.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  useSecureCookies: env.APP_PROTOCOL === "https",
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        ticket: { label: "Ticket", type: "text" },
      },
      async authorize(credentials, req) {
        const withTicket = ticketSchema.safeParse(credentials);
        if (withTicket.success) {
          const host = req.headers?.host;
          const userId = typeof host === "string" ? await redeemSignInTicket(withTicket.data.ticket, host) : null;
          const user = userId ? await findUserById(userId) : null;
          return user ? { id: user.id, email: user.email } : null;
        }
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const user = await authenticate(parsed.data.email, parsed.data.password);
        return user ? { id: user.id, email: user.email } : null;
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
  logger: {
    error: (code, metadata) => log.error({ code, metadata }, "next-auth error"),
    // NEXTAUTH_URL is deliberately unset: one deployment serves many hosts.
    warn: (code) => code !== "NEXTAUTH_URL" && log.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  },
};
