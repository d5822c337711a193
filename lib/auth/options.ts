import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { revokeSession, newSessionId } from "./session-rules";
import { signInWithCredentials } from "./sign-in";

const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

/**
 * next-auth with email + password, JWT sessions. Cookies are host-only, so each store's
 * subdomain and the root domain keep separate sessions; `ticket` carries a sign-in
 * from the root domain to a store host (see sign-in-tickets.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  useSecureCookies: env.APP_PROTOCOL === "https",
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
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
    jwt({ token, user }) {
      // `user` is there only at sign-in: bind the new session to its host and version.
      if (user) {
        token.host = user.host;
        token.sessionVersion = user.sessionVersion;
        token.sessionId = newSessionId();
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      session.host = token.host;
      session.sessionVersion = token.sessionVersion;
      session.sessionId = token.sessionId;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sessionId) {
        const expiresAt =
          typeof token.exp === "number" ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
        await revokeSession(token.sessionId, expiresAt);
      }
    },
  },
  logger: {
    error: (code, metadata) => log.error({ code, metadata }, "next-auth error"),
    // NEXTAUTH_URL is deliberately unset: one deployment serves many hosts.
    warn: (code) => code !== "NEXTAUTH_URL" && log.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  },
};
