import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
    /** The host the session was issued on; it is refused on any other. */
    host?: string;
    /** The user's session version when the session began. */
    sessionVersion?: number;
    /** Names this session, so signing out can end it for good. */
    sessionId?: string;
  }
  interface User {
    host?: string;
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    host?: string;
    sessionVersion?: number;
    sessionId?: string;
  }
}
