"use client";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
// The "pure" entry loads Stripe.js only when loadStripe() is called; the default entry
// injects js.stripe.com on import, which would race the sandbox's script.
import type { Stripe, StripeError } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { Lock } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { beginCheckout } from "./actions";
import { EmailStep } from "./email-step";

type Started = { orderId: string; orderPath: string; clientSecret: string; publishableKey: string };

/** Loads the sandbox's Stripe.js first when the store uses sandbox keys, so loadStripe uses it. */
function stripeFor(publishableKey: string, stripeJsUrl: string | null): Promise<Stripe | null> {
  if (!stripeJsUrl || (typeof window !== "undefined" && "Stripe" in window)) return loadStripe(publishableKey);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = stripeJsUrl;
    script.onload = () => resolve(loadStripe(publishableKey));
    script.onerror = () => reject(new Error("Could not load the payment form."));
    document.head.appendChild(script);
  });
}

export function CheckoutForm({ stripeJsUrl, total }: { stripeJsUrl: string | null; total: string }) {
  const [started, setStarted] = useState<Started>();
  const [stripePromise, setStripePromise] = useState<Promise<Stripe | null>>();
  const [loadError, setLoadError] = useState<string>();
  if (loadError) return <Alert tone="danger">{loadError}</Alert>;
  if (started && stripePromise) {
    return (
      <Elements stripe={stripePromise} options={{ clientSecret: started.clientSecret }}>
        <PayForm started={started} total={total} />
      </Elements>
    );
  }
  return (
    <EmailStep
      label="Continue to payment"
      pendingLabel="Preparing payment…"
      submit={async (email) => {
        const result = await beginCheckout({ email });
        if (!result.ok) return result.fieldErrors.email ?? result.formError ?? "Checkout could not start.";
        const stripe = stripeFor(result.data.publishableKey, stripeJsUrl);
        stripe.catch(() => setLoadError("The payment form could not load. Check your connection and reload the page."));
        setStripePromise(stripe);
        setStarted(result.data);
        return undefined;
      }}
    />
  );
}

/** Stripe's messages for card errors are written for shoppers; anything else gets ours. */
function shopperMessage(error: StripeError): string {
  if (error.type === "card_error" || error.type === "validation_error")
    return error.message ?? "Your card was declined.";
  if (error.code === "payment_intent_authentication_failure") {
    return "We couldn't verify your card (3-D Secure was not completed). Try again or use another card.";
  }
  if (error.type === "api_connection_error")
    return "We couldn't reach the payment service. Check your connection and try again.";
  return "The payment could not be completed. Please try again.";
}

function PayForm({ started, total }: { started: Started; total: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  return (
    <form
      className="grid gap-5"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!stripe || !elements) return;
        setSubmitting(true);
        setError(undefined);
        const submitted = await elements.submit();
        if (submitted.error) {
          setError(shopperMessage(submitted.error));
          setSubmitting(false);
          return;
        }
        const { error: confirmError } = await stripe.confirmPayment({
          elements,
          confirmParams: { return_url: `${window.location.origin}${started.orderPath}` },
        });
        // Only reached when the payment did not go through; success redirects to return_url.
        setError(confirmError ? shopperMessage(confirmError) : undefined);
        setSubmitting(false);
      }}
    >
      <PaymentElement />
      {error && <Alert tone="danger">{error} You can try again.</Alert>}
      <Button type="submit" disabled={!stripe || !elements || submitting} className="w-full">
        <Lock aria-hidden />
        {submitting ? "Paying…" : `Pay ${total}`}
      </Button>
    </form>
  );
}
