import "server-only";
import type { PaymentMode, Store } from "@/db/schema";
import { sandboxUrlFor } from "@/lib/stripe/client";
import { getStripeSettingsView } from "@/lib/stripe/settings";
import { storefrontClosed } from "@/lib/tenancy/request-store";

export type PaymentAvailability =
  | {
      available: true;
      mode: PaymentMode;
      checkoutMode: "payment_element" | "stripe_checkout";
      publishableKey: string;
      stripeJsUrl: string | null;
    }
  | { available: false; reason: string };

/**
 * Whether shoppers can pay right now, and with which publishable key. Sandbox keys load the
 * sandbox's Stripe.js (development only); real keys load Stripe's own.
 */
export async function paymentAvailability(store: Store): Promise<PaymentAvailability> {
  const closed = storefrontClosed(store);
  if (closed) return { available: false, reason: closed.message };
  if (store.status !== "active") return { available: false, reason: "This store cannot take payments right now." };
  const settings = await getStripeSettingsView(store.id);
  const keys = settings[settings.activeMode];
  if (!keys.publishableKey || !keys.secretKeyHint)
    return { available: false, reason: "This store cannot take payments yet." };
  const sandbox = sandboxUrlFor(keys.publishableKey);
  return {
    available: true,
    mode: settings.activeMode,
    checkoutMode: settings.checkoutMode,
    publishableKey: keys.publishableKey,
    stripeJsUrl: sandbox ? `${sandbox}/js/v3/` : null,
  };
}
