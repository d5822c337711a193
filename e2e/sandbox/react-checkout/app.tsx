// A shop's checkout as the platform writes it: the real @stripe/stripe-js and
// @stripe/react-stripe-js, loading whatever `window.Stripe` the page provides.
import { loadStripe } from "@stripe/stripe-js";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";

interface CheckoutConfig {
  publishableKey: string;
  clientSecret: string;
  returnUrl: string;
}

declare global {
  interface Window {
    __CHECKOUT__: CheckoutConfig;
  }
}

const config = window.__CHECKOUT__;
const stripePromise = loadStripe(config.publishableKey);

function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [complete, setComplete] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setMessage(null);
    const submitted = await elements.submit();
    if (submitted.error) {
      setMessage(submitted.error.message ?? "Check your card details.");
      return;
    }
    const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: config.returnUrl } });
    if (error) setMessage(error.message ?? "Payment failed.");
  }

  return (
    <form onSubmit={pay}>
      <PaymentElement onReady={() => setReady(true)} onChange={(event) => setComplete(event.complete)} />
      <p data-testid="complete">{complete ? "complete" : "incomplete"}</p>
      <button type="submit" disabled={!stripe || !ready}>
        Pay
      </button>
      {message && <div role="alert">{message}</div>}
    </form>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <Elements stripe={stripePromise} options={{ clientSecret: config.clientSecret, appearance: { theme: "stripe" } }}>
      <CheckoutForm />
    </Elements>,
  );
}
