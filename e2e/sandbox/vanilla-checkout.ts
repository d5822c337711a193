import type { Locator, Page } from "@playwright/test";

/** What the shop page needs: where the sandbox's Stripe.js is, the keys and the return_url. */
export interface VanillaCheckoutConfig {
  stripeJsUrl: string;
  publishableKey: string;
  clientSecret: string;
  returnUrl: string;
}

/** The stages the page records in `window.__stages`, in order. */
export type CheckoutStage =
  "mounted" | "ready" | "submit" | "submitted" | "submit-error" | "confirm-error" | "loaderror";

/**
 * A shop's checkout written against Stripe.js directly, the way the app's checkout loads
 * it (app/s/[store]/checkout/checkout-form.tsx): the script is injected, Pay is enabled at
 * once rather than on "ready", and Pay calls elements.submit() then confirmPayment().
 * The element is mounted in #slot-a; #slot-b lets a test move it (which reloads the
 * iframe) or mount it again elsewhere. `window.__checkout` exposes stripe, elements and
 * the element; `window.__stages` records what happened.
 */
export function vanillaCheckoutPage(config: VanillaCheckoutConfig): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<form id="pay-form">
  <div id="slot-a"><div id="payment-element"></div></div>
  <div id="slot-b"></div>
  <button type="submit">Pay</button>
  <p role="alert" id="message"></p>
</form>
<script>
  var config = ${json};
  window.__stages = [];
  function stage(name) { window.__stages.push(name); }
  function show(message) { document.getElementById("message").textContent = message; }
  var script = document.createElement("script");
  script.src = config.stripeJsUrl;
  script.onload = function () {
    var stripe = Stripe(config.publishableKey);
    var elements = stripe.elements({ clientSecret: config.clientSecret });
    var element = elements.create("payment");
    element.on("ready", function () { stage("ready"); });
    element.on("loaderror", function (event) { stage("loaderror"); show(event.error.message); });
    element.mount("#payment-element");
    window.__checkout = { stripe: stripe, elements: elements, element: element };
    stage("mounted");
    document.getElementById("pay-form").addEventListener("submit", function (event) {
      event.preventDefault();
      stage("submit");
      show("");
      elements.submit().then(function (submitted) {
        stage(submitted.error ? "submit-error" : "submitted");
        if (submitted.error) return show(submitted.error.message);
        return stripe
          .confirmPayment({ elements: elements, confirmParams: { return_url: config.returnUrl } })
          .then(function (result) {
            stage("confirm-error");
            show(result.error.message);
          });
      });
    });
  };
  document.head.appendChild(script);
</script></body></html>`;
}

/** Drives vanillaCheckoutPage() in a test. */
export class VanillaCheckout {
  constructor(readonly page: Page) {}

  get pay(): Locator {
    return this.page.getByRole("button", { name: "Pay" });
  }

  get message(): Locator {
    return this.page.getByRole("alert");
  }

  async reached(stage: CheckoutStage): Promise<void> {
    await this.page.waitForFunction(
      (name) => (window as unknown as { __stages?: string[] }).__stages?.includes(name),
      stage,
    );
  }

  /**
   * Submits in the same task that moves the element's container (Chromium reloads an
   * iframe taken out of the page) or mounts the element again: the frame the call must
   * reach has not loaded yet.
   */
  async payWhileFrameIsReplaced(how: "move" | "remount"): Promise<void> {
    await this.page.evaluate((disturbance) => {
      const checkout = (window as unknown as { __checkout: { element: { unmount(): void; mount(to: string): void } } })
        .__checkout;
      if (disturbance === "move") {
        document.getElementById("slot-b")?.appendChild(document.getElementById("payment-element") as HTMLElement);
      } else {
        checkout.element.unmount();
        checkout.element.mount("#slot-b");
      }
      (document.getElementById("pay-form") as HTMLFormElement).requestSubmit();
    }, how);
  }
}
