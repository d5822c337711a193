import type { PageHandler, PageRequest } from "../http/page-handler";
import { parseForm } from "../http/form-encoding";
import { redirect, sendHtml } from "../http/respond";
import { afterPaymentAttempt } from "../billing/after-payment";
import { completeAuthentication } from "../payments/confirm";
import type * as S from "../core/stripe-types";
import { html, money, page, scriptJson } from "./html";

const PATH = /^\/3ds\/([^/]+)$/;

function returnTarget(returnUrl: string, intent: S.PaymentIntent): string {
  const target = new URL(returnUrl);
  target.searchParams.set("payment_intent", intent.id);
  target.searchParams.set("payment_intent_client_secret", intent.client_secret ?? "");
  const paid = intent.status === "succeeded" || intent.status === "processing" || intent.status === "requires_capture";
  target.searchParams.set("redirect_status", paid ? "succeeded" : "failed");
  return target.toString();
}

/** In a modal (Stripe.js `redirect: 'if_required'`), the page tells its opener it is done. */
function finishedInModal(requestId: string, parentOrigin: string): string {
  const message = scriptJson({ __sandboxStripe: true, type: "challenge-finished", requestId });
  return page(
    "Authentication finished",
    html`<div class="card"><p>Authentication finished. You can close this window.</p></div>
      <script>
        window.parent.postMessage(${message}, ${scriptJson(parentOrigin)});
      </script>`,
    { narrow: true, header: false },
  );
}

/**
 * The 3-D Secure challenge of the sandbox, where `next_action.redirect_to_url.url`
 * points: "Complete authentication" charges the card, "Fail authentication" fails the
 * attempt; then back to the shop's `return_url` with Stripe's query parameters.
 */
export const threeDSecurePage: PageHandler = ({ context, method, url, body, baseUrl, response }: PageRequest) => {
  const match = PATH.exec(url.pathname);
  if (!match) return false;
  const id = decodeURIComponent(match[1] ?? "");
  const clientSecret = url.searchParams.get("client_secret") ?? "";
  const returnUrl = url.searchParams.get("return_url");
  const modal = url.searchParams.get("modal") === "1";
  const ledger = context.store.ledgerHolding("paymentIntents", id);
  const intent = ledger?.paymentIntents[id];
  if (!ledger || !intent || intent.client_secret !== clientSecret) {
    sendHtml(
      response,
      404,
      page("Not found", html`<div class="card"><h1>Unknown authentication request</h1></div>`, { narrow: true }),
    );
    return true;
  }

  if (method === "POST") {
    const outcome = parseForm(body).outcome === "fail" ? "fail" : "complete";
    if (intent.status === "requires_action") {
      const scope = context.scope(ledger, baseUrl);
      completeAuthentication(scope, intent, outcome);
      afterPaymentAttempt(scope, intent);
      context.store.changed();
    }
    if (modal) {
      sendHtml(
        response,
        200,
        finishedInModal(url.searchParams.get("request") ?? "", url.searchParams.get("parent") ?? "*"),
      );
    } else if (returnUrl) {
      redirect(response, returnTarget(returnUrl, intent));
    } else {
      sendHtml(
        response,
        200,
        page(
          "Authentication finished",
          html`<div class="card">
            <h1>Authentication finished</h1>
            <p>Status: ${intent.status}</p>
          </div>`,
          { narrow: true },
        ),
      );
    }
    return true;
  }

  const awaiting = intent.status === "requires_action";
  sendHtml(
    response,
    200,
    page(
      "3D Secure authentication",
      html`<div class="card">
        <h1>3D Secure 2 test page</h1>
        <p class="muted">This is where the shopper's bank would ask them to confirm the payment.</p>
        <p><strong>${money(intent.amount, intent.currency)}</strong> to the shop · <code>${intent.id}</code></p>
        ${
          awaiting
            ? html`<form method="post">
                <div class="row">
                  <button type="submit" name="outcome" value="complete">Complete authentication</button>
                  <button type="submit" name="outcome" value="fail" class="danger">Fail authentication</button>
                </div>
              </form>`
            : html`<div class="notice">This payment is not waiting for authentication (status: ${intent.status}).</div>
                ${returnUrl ? html`<a class="button" href="${returnTarget(returnUrl, intent)}">Return to the shop</a>` : ""}`
        }
      </div>`,
      { narrow: true, header: !modal },
    ),
  );
  return true;
};
