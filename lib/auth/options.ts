import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { signInWithCredentials } from "./sign-in";

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
      authorize: (credentials, req) => signInWithCredentials(credentials, req),
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
