"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { findMembershipRole } from "@/lib/auth/memberships";
import { getSignedInUser } from "@/lib/auth/session";
import { storeAdminHandoffUrl } from "@/lib/auth/signup-flow";
import { AppError } from "@/lib/errors";
import { findStoreBySubdomain } from "@/lib/tenancy/stores";

/** Opens a store's admin on its own host, signed in via a one-time ticket. */
export const openStoreAdmin = validatedAction(
  z.object({ subdomain: z.string().min(1).max(63) }),
  async ({ subdomain }) => {
    const user = await getSignedInUser();
    if (!user) redirect("/login");
    const store = await findStoreBySubdomain(subdomain);
    if (!store || !(await findMembershipRole(store.id, user.id))) {
      throw new AppError("not_a_member", "You are not a member of that store.", 403);
    }
    redirect(await storeAdminHandoffUrl(user.id, store));
  },
);
