import "server-only";
import { eq } from "drizzle-orm";
import { storeMemberships, stores, users, type Store, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { SUBDOMAIN_MESSAGES, subdomainProblem } from "@/lib/tenancy/subdomain";
import { queueVerificationMail } from "./email-verification-mails";
import { hashPassword } from "./password";
import type { SignupInput } from "./signup-schema";

export type SignupOptions = {
  /**
   * `mail`: queue the verification link with the account (the signup form); `verified`:
   * the address is known to be good (the demo seed). By default neither: an unverified
   * account and no mail (tests).
   */
  emailVerification?: "mail" | "verified";
};

/**
 * Creates the owner's account and their store in one transaction, the owner as its
 * first member. Input must already be parsed with `signupSchema`.
 *
 * The address is checked before the email, and the store is inserted before the user, so
 * a taken address is reported the same way whether or not the email has an account: the
 * signup form must not tell a stranger which addresses are registered.
 */
export async function signUpOwner(
  input: SignupInput,
  options: SignupOptions = {},
): Promise<{ user: User; store: Store }> {
  // The form's schema refuses these too; this holds for every caller.
  const problem = subdomainProblem(input.subdomain);
  if (problem) {
    throw new AppError("invalid_subdomain", SUBDOMAIN_MESSAGES[problem], 400, {
      subdomain: SUBDOMAIN_MESSAGES[problem],
    });
  }
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [existingStore] = await tx
        .select({ id: stores.id })
        .from(stores)
        .where(eq(stores.subdomain, input.subdomain));
      if (existingStore) throw subdomainTaken();
      const [existingUser] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
      if (existingUser) throw emailTaken();
      const [store] = await tx.insert(stores).values({ subdomain: input.subdomain, name: input.storeName }).returning();
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          passwordHash,
          emailVerifiedAt: options.emailVerification === "verified" ? new Date() : null,
        })
        .returning();
      if (!user || !store) throw new Error("insert returned no row");
      await tx.insert(storeMemberships).values({ storeId: store.id, userId: user.id, role: "owner" });
      if (options.emailVerification === "mail") await queueVerificationMail(tx, user);
      return { user, store };
    });
  } catch (error) {
    // Two signups racing for one name: the unique index decides, and the loser hears why.
    if (isUniqueViolation(error, "stores_subdomain_key")) throw subdomainTaken();
    if (isUniqueViolation(error, "users_email_key")) throw emailTaken();
    throw error;
  }
}

function emailTaken() {
  return new AppError("email_taken", "An account with this email already exists.", 409, {
    email: "An account with this email already exists. Sign in instead.",
  });
}

function subdomainTaken() {
  return new AppError("subdomain_taken", "That address is taken.", 409, {
    subdomain: "That address is taken. Try another.",
  });
}
