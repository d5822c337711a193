import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Store, StoreRole, User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findStoreFromHost, requireStoreForRequest } from "@/lib/tenancy/request-store";
import { findMembershipRole } from "./memberships";
import { getSignedInUser } from "./session";

export type StoreAccess = { store: Store; user: User; role: StoreRole };

export type AccessCheck = { ok: true; role: StoreRole } | { ok: false; reason: "signed_out" | "not_a_member" };

/** The rule itself: a user may administer a store only as one of its members. */
export async function checkStoreAccess(store: Pick<Store, "id">, user: Pick<User, "id"> | null): Promise<AccessCheck> {
  if (!user) return { ok: false, reason: "signed_out" };
  const role = await findMembershipRole(store.id, user.id);
  return role ? { ok: true, role } : { ok: false, reason: "not_a_member" };
}

/**
 * Every admin page, action and route calls this first. It resolves the store from the
 * Host header and the member from the session itself, so it holds even for a request
 * that never passed through middleware.
 */
export async function requireStoreAdmin(segmentSubdomain: string, returnTo = "/admin"): Promise<StoreAccess> {
  const store = await requireStoreForRequest(segmentSubdomain);
  const user = await getSignedInUser();
  if (!user) redirect(`/admin/sign-in?next=${encodeURIComponent(returnTo)}`);
  const access = await checkStoreAccess(store, user);
  if (!access.ok) forbidden();
  return { store, user, role: access.role };
}

/**
 * The same check for server actions, which have no route params: the store comes from the
 * Host header alone. Refusals are errors (the form shows them), not redirects.
 */
export async function requireStoreAdminForAction(): Promise<StoreAccess> {
  const store = await findStoreFromHost();
  if (!store) throw new AppError("no_store", "This address is not a store.", 404);
  const user = await getSignedInUser();
  if (!user) throw new AppError("signed_out", "Your session has ended. Sign in again.", 401);
  const access = await checkStoreAccess(store, user);
  if (!access.ok) throw new AppError("not_a_member", "You are not a member of this store.", 403);
  return { store, user, role: access.role };
}
