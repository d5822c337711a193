"use client";
import { useState, useTransition } from "react";
import { beginHostedCheckout } from "./actions";

/** Email, then off to Stripe's hosted Checkout page (the action redirects). */
export function HostedCheckoutForm() {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const email = String(new FormData(event.currentTarget).get("email") ?? "");
        startTransition(async () => {
          const result = await beginHostedCheckout({ email });
          if (!result.ok) setError(result.fieldErrors.email ?? result.formError ?? "Checkout could not start.");
        });
      }}
    >
      {error && <p className="alert error" role="alert">{error}</p>}
      <label>
        Email for your receipt and downloads
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Opening secure checkout…" : "Continue to secure checkout"}</button>
    </form>
  );
}
