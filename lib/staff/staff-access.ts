import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { User } from "@/db/schema";
import { getSignedInUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * The staff console's gate, for every /staff page and action: the signed-in user on the
 * root domain, who must be platform staff. Store membership never counts. Signed out →
 * the sign-in page, coming back here; signed in without the role → 403.
 */
export async function requireStaff(returnTo = "/staff"): Promise<User> {
  const user = await getSignedInUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (!user.isStaff) forbidden();
  return user;
}

/** As `requireStaff`, for server actions: a refusal they can return instead of a page. */
export async function requireStaffForAction(): Promise<User> {
  const user = await getSignedInUser();
  if (!user?.isStaff) throw new AppError("staff_only", "Only platform staff can do this. Sign in again.", 403);
  return user;
}
