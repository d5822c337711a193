import type { PageHandler } from "../http/page-handler";
import { sendHtml } from "../http/respond";
import { html, page, scriptJson } from "./html";

/**
 * A plain page that pays a PaymentIntent through the served Stripe.js, for a person
 * trying the sandbox (the dashboard links here) — the same calls a shop's Payment
 * Element code makes: elements({ clientSecret }), create('payment'), submit(), confirmPayment().
 */
export const testCheckoutPage: PageHandler = ({ method, url, response }) => {
  if (method !== "GET") return false;
  if (url.pathname === "/test-checkout") {
    const publishableKey = url.searchParams.get("pk") ?? "";
    const clientSecret = url.searchParams.get("client_secret") ?? "";
    const returnUrl = url.searchParams.get("return_url") ?? "/test-checkout/return";
    sendHtml(
      response,
      200,
      page(
        "Test checkout",
        html`<script src="/js/v3/"></script>
          <div class="card">
            <h1>Test checkout</h1>
            <p class="muted">Pays <code>${clientSecret.split("_secret_")[0]}</code> with the sandbox's Stripe.js.</p>
            <form id="payment-form">
              <div id="payment-element"></div>
              <div id="payment-message" class="error" role="alert" hidden></div>
              <p><button id="submit" type="submit" disabled>Pay now</button></p>
            </form>
          </div>
          <script>
            const stripe = Stripe(${scriptJson(publishableKey)});
            const elements = stripe.elements({
              clientSecret: ${scriptJson(clientSecret)},
              appearance: { theme: "stripe" },
            });
            const paymentElement = elements.create("payment");
            paymentElement.on("ready", () => {
              document.getElementById("submit").disabled = false;
            });
            paymentElement.mount("#payment-element");
            const message = document.getElementById("payment-message");
            document.getElementById("payment-form").addEventListener("submit", async (event) => {
              event.preventDefault();
              message.hidden = true;
              const submitted = await elements.submit();
              if (submitted.error) {
                message.textContent = submitted.error.message;
                message.hidden = false;
                return;
              }
              const result = await stripe.confirmPayment({
                elements,
                confirmParams: { return_url: new URL(${scriptJson(returnUrl)}, location.href).toString() },
              });
              if (result.error) {
                message.textContent = result.error.message;
                message.hidden = false;
              }
            });
          </script>`,
        { narrow: true },
      ),
    );
    return true;
  }
  if (url.pathname === "/test-checkout/return") {
    sendHtml(
      response,
      200,
      page(
        "Payment result",
        html`<div class="card">
          <h1>Payment ${url.searchParams.get("redirect_status") ?? ""}</h1>
          <p>PaymentIntent <code>${url.searchParams.get("payment_intent") ?? ""}</code></p>
          <p><a href="/">Back to the dashboard</a></p>
        </div>`,
        { narrow: true },
      ),
    );
    return true;
  }
  return false;
};
