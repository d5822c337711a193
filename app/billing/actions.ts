"use server";
import { validatedAction } from "@/lib/actions";
import { getSignedInUser } from "@/lib/auth/session";
import { choosePlanInput, manageBillingInput, openBillingPortal, startPlanCheckout } from "@/lib/billing/owner-billing";
import { AppError } from "@/lib/errors";

async function requireSignedIn() {
  const user = await getSignedInUser();
  if (!user) throw new AppError("signed_out", "Sign in again to manage billing.", 401);
  return user;
}

/** Choose plan: Stripe Checkout in subscription mode, for a store the user owns. */
export const choosePlanAction = validatedAction(choosePlanInput, async (input) =>
  startPlanCheckout(await requireSignedIn(), input),
);

/** Manage billing: the Stripe Customer Portal for a store the user owns. */
export const manageBillingAction = validatedAction(manageBillingInput, async (input) =>
  openBillingPortal(await requireSignedIn(), input),
);
