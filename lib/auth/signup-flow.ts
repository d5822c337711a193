import "server-only";
import { storeHost } from "@/lib/tenancy/host";
import { isSubdomainTaken, storeUrl } from "@/lib/tenancy/stores";
import { env } from "@/lib/env";
import { createSignInTicket } from "./sign-in-tickets";
import { subdomainSchema, type SignupInput } from "./signup-schema";
import { signUpOwner } from "./signup";

export type SubdomainAvailability = { available: boolean; message: string };

/** What the signup form shows under the address field while the owner types. */
export async function checkSubdomainAvailability(raw: string): Promise<SubdomainAvailability> {
  const parsed = subdomainSchema.safeParse(raw);
  if (!parsed.success) return { available: false, message: parsed.error.issues[0]?.message ?? "Invalid address." };
  if (await isSubdomainTaken(parsed.data)) return { available: false, message: "That address is taken. Try another." };
  return { available: true, message: `${storeHost(parsed.data, env.ROOT_DOMAIN)} is available.` };
}

/** Signs the owner up and returns the URL that signs them into their new store's admin. */
export async function signUpAndHandOff(input: SignupInput): Promise<{ redirectTo: string }> {
  const { user, store } = await signUpOwner(input);
  return { redirectTo: await storeAdminHandoffUrl(user.id, store) };
}

/** A one-time link that signs `userId` into the admin on the store's own host. */
export async function storeAdminHandoffUrl(userId: string, store: { subdomain: string }): Promise<string> {
  const ticket = await createSignInTicket(userId, storeHost(store.subdomain, env.ROOT_DOMAIN));
  return storeUrl(store, `/admin/sign-in?ticket=${encodeURIComponent(ticket)}`);
}
