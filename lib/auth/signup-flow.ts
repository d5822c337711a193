import "server-only";
import { storeHost } from "@/lib/tenancy/host";
import { isSubdomainTaken, storeUrl } from "@/lib/tenancy/stores";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { verifyEmailWithToken } from "./email-verification";
import { queueSignupAttemptMail } from "./email-verification-mails";
import { listStoresOfUser } from "./memberships";
import { createSignInTicket } from "./sign-in-tickets";
import { subdomainSchema, type SignupInput } from "./signup-schema";
import { signUpOwner } from "./signup";

export type SubdomainAvailability = { available: boolean; message: string };

/** Where every signup that passed the form's checks ends: the same page for a new and a known email. */
export const CHECK_EMAIL_PATH = "/signup/check-email";

/** What the signup form shows under the address field while the owner types. */
export async function checkSubdomainAvailability(raw: string): Promise<SubdomainAvailability> {
  const parsed = subdomainSchema.safeParse(raw);
  if (!parsed.success) return { available: false, message: parsed.error.issues[0]?.message ?? "Invalid address." };
  if (await isSubdomainTaken(parsed.data)) return { available: false, message: "That address is taken. Try another." };
  return { available: true, message: `${storeHost(parsed.data, env.ROOT_DOMAIN)} is available.` };
}

/**
 * The signup form's action. A new email gets its account and store, and a verification
 * link by mail; an email that already has an account gets a mail saying someone tried.
 * Either way the answer is the same "check your email" page, so the form never tells a
 * stranger whether an address is registered. The link opens the new store's admin.
 */
export async function signUpAndAskToConfirm(input: SignupInput): Promise<{ redirectTo: string }> {
  try {
    await signUpOwner(input, { emailVerification: "mail" });
  } catch (error) {
    if (!(error instanceof AppError && error.code === "email_taken")) throw error;
    await queueSignupAttemptMail(input.email);
  }
  return { redirectTo: CHECK_EMAIL_PATH };
}

/**
 * The verification link's button: marks the address verified and returns the URL that
 * signs the owner into their (first) store's admin, or the platform's sign-in without one.
 */
export async function confirmEmailAndHandOff(token: string): Promise<{ redirectTo: string }> {
  const verified = await verifyEmailWithToken(token);
  if (!verified) {
    throw new AppError("verification_link_unusable", "This link has expired or was already used.", 410);
  }
  const owned = (await listStoresOfUser(verified.userId))
    .filter((store) => store.role === "owner")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const store = owned[0];
  return { redirectTo: store ? await storeAdminHandoffUrl(verified.userId, store) : "/login" };
}

/** A one-time link that signs `userId` in to the admin on the store's own host. */
export async function storeAdminHandoffUrl(userId: string, store: { subdomain: string }): Promise<string> {
  const ticket = await createSignInTicket(userId, storeHost(store.subdomain, env.ROOT_DOMAIN));
  return storeUrl(store, `/admin/sign-in?ticket=${encodeURIComponent(ticket)}`);
}
