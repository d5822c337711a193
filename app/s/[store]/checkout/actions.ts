"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedAction } from "@/lib/actions";
import { checkoutLines } from "@/lib/checkout/cart";
import { requireCheckoutAllowed } from "@/lib/checkout/checkout-throttle";
import { startHostedCheckout } from "@/lib/checkout/start-hosted-checkout";
import { resumeCheckout, startCheckout } from "@/lib/checkout/start-checkout";
import { clientIp } from "@/lib/security/client-ip";
import { requireStoreFromHost, requireStorefrontOpen } from "@/lib/tenancy/request-store";

const ATTEMPT_COOKIE = "checkout_order";
const emailInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address for your receipt.")),
});

/**
 * "Continue to payment": one order and PaymentIntent per checkout attempt. The attempt is
 * remembered in a host-only cookie, so reloading or retrying after a decline reuses it.
 */
export const beginCheckout = validatedAction(emailInput, async ({ email }) => {
  const store = await requireStoreFromHost();
  requireStorefrontOpen(store);
  await requireCheckoutAllowed(store.id, clientIp(await headers()));
  const jar = await cookies();
  const input = { email, items: await checkoutLines(store.id) };
  const previous = jar.get(ATTEMPT_COOKIE)?.value;
  const checkout =
    (previous && z.uuid().safeParse(previous).success ? await resumeCheckout(store, previous, input) : null) ??
    (await startCheckout(store, input));
  jar.set(ATTEMPT_COOKIE, checkout.orderId, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 24 * 3600 });
  return {
    orderId: checkout.orderId,
    orderPath: checkout.orderPath,
    clientSecret: checkout.clientSecret,
    publishableKey: checkout.publishableKey,
  };
});

/** The hosted mode: off to Stripe's Checkout page, which returns to the order's page. */
export const beginHostedCheckout = validatedAction(emailInput, async ({ email }) => {
  const store = await requireStoreFromHost();
  requireStorefrontOpen(store);
  await requireCheckoutAllowed(store.id, clientIp(await headers()));
  const { url } = await startHostedCheckout(store, { email, items: await checkoutLines(store.id) });
  redirect(url);
});
