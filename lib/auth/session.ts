import "server-only";
import { getServerSession } from "next-auth";
import type { User } from "@/db/schema";
import { authOptions } from "./options";
import { findUserById } from "./users";

/** The signed-in user for this request's host, re-read from the database. */
export async function getSignedInUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  return id ? findUserById(id) : null;
}
