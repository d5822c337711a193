import "server-only";
import { eq } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { burnPasswordCheck, verifyPassword } from "./password";

export async function findUserById(id: string): Promise<User | null> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

/** The user whose email and password these are, or null; timing does not reveal which part was wrong. */
export async function authenticate(email: string, password: string): Promise<User | null> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}
