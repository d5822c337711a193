import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import type { User } from "@/db/schema";
import { authOptions } from "./options";
import { sessionUser } from "./session-rules";

/**
 * The signed-in user for this request, or null. The token alone is not enough: it must have
 * been issued for this very host (a store's token does not open the dashboard or another
 * store), under the user's current session version (sign out everywhere ends it), and not
 * signed out since.
 */
export async function getSignedInUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  if (!session) return null;
  const host = (await headers()).get("host");
  return sessionUser(
    {
      userId: session.user?.id,
      host: session.host,
      sessionVersion: session.sessionVersion,
      sessionId: session.sessionId,
    },
    host,
  );
}
