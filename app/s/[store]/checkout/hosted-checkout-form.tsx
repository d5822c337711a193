"use client";
import { beginHostedCheckout } from "./actions";
import { EmailStep } from "./email-step";

/** Email, then off to Stripe's hosted Checkout page (the action redirects). */
export function HostedCheckoutForm() {
  return (
    <EmailStep
      label="Continue to secure checkout"
      pendingLabel="Opening secure checkout…"
      submit={async (email) => {
        const result = await beginHostedCheckout({ email });
        return result.ok ? undefined : (result.fieldErrors.email ?? result.formError ?? "Checkout could not start.");
      }}
    />
  );
}
