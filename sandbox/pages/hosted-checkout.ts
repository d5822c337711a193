import { StripeApiError } from "../core/errors";
import { Params } from "../core/params";
import type { Ledger } from "../core/state";
import type * as S from "../core/stripe-types";
import { parseForm } from "../http/form-encoding";
import type { PageHandler } from "../http/page-handler";
import { redirect, sendHtml } from "../http/respond";
import { defaultSessionExtras, payCheckoutSession } from "../checkout/complete-session";
import { FAILING_ACCOUNT, SUCCEEDING_ACCOUNT, TEST_ROUTING_NUMBER } from "../payments/bank-accounts";
import { createPaymentMethod } from "../payments/payment-methods";
import type { SandboxContext } from "../sandbox-context";
import { Html, html, money, page } from "./html";

const PATH = /^\/checkout\/pay\/([^/]+)(\/after-authentication)?$/;

function successTarget(session: S.CheckoutSession): string | null {
  return session.success_url ? session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) : null;
}

function render(
  context: SandboxContext,
  ledger: Ledger,
  session: S.CheckoutSession,
  error: string | null,
  form: Record<string, string> = {},
): string {
  const account = context.store.account(ledger.account);
  // As at Stripe: the session's customer_email, else its customer's own address, shown read-only.
  const customerId = typeof session.customer === "string" ? session.customer : null;
  const knownEmail = session.customer_email ?? (customerId ? ledger.customers[customerId]?.email : null) ?? null;
  const items = ledger.checkoutLineItems[session.id] ?? [];
  const recurring = items.find((item) => item.price?.recurring)?.price?.recurring;
  const closed =
    session.status === "expired"
      ? html`<div class="notice">This Checkout Session has expired.</div>`
      : session.status === "complete"
        ? html`<div class="notice">This Checkout Session is already paid.</div>`
        : null;
  return page(
    `Pay ${account?.name ?? "shop"}`,
    html`<div class="card">
        <p class="muted">
          ${account?.name ?? ""} ${ledger.mode === "test" ? html`<span class="pill warn">TEST MODE</span>` : ""}
        </p>
        <h1>
          ${money(session.amount_total, session.currency)}${recurring ? html` <span class="muted">per ${recurring.interval}</span>` : ""}
        </h1>
        <table>
          ${items.map(
            (item) =>
              html`<tr>
                <td>${item.description ?? item.price?.id}</td>
                <td>× ${item.quantity}</td>
                <td>${money(item.amount_total, item.currency)}</td>
              </tr>`,
          )}
        </table>
      </div>
      <div class="card">
        ${
          closed ??
          html` ${error ? html`<div class="error" role="alert">${error}</div>` : ""}
            <form method="post" action="/checkout/pay/${session.id}">
              <label for="email">Email</label>
              <input
                id="email"
                name="email"
                type="email"
                required
                value="${knownEmail ?? form.email ?? ""}"
                ${knownEmail ? new Html("readonly") : ""}
              />
              <label for="number">Card number</label>
              <input
                id="number"
                name="number"
                inputmode="numeric"
                autocomplete="cc-number"
                placeholder="4242 4242 4242 4242"
                value="${form.number ?? ""}"
              />
              <div class="row">
                <div>
                  <label for="expiry">Expiration (MM / YY)</label
                  ><input id="expiry" name="expiry" placeholder="MM / YY" value="${form.expiry ?? ""}" />
                </div>
                <div>
                  <label for="cvc">CVC</label><input id="cvc" name="cvc" placeholder="123" value="${form.cvc ?? ""}" />
                </div>
              </div>
              <div class="row">
                <div>
                  <label for="name">Name on card</label><input id="name" name="name" value="${form.name ?? ""}" />
                </div>
                <div>
                  <label for="postal">ZIP</label><input id="postal" name="postal" value="${form.postal ?? ""}" />
                </div>
              </div>
              <p>
                <button type="submit">
                  ${session.mode === "subscription" ? "Subscribe" : "Pay"}
                  ${money(session.amount_total, session.currency)}
                </button>
              </p>
            </form>
            ${
              session.mode === "payment"
                ? html`<details>
                    <summary>Pay by US bank account (settles later)</summary>
                    <form method="post" action="/checkout/pay/${session.id}">
                      <input type="hidden" name="method" value="us_bank_account" />
                      <label for="bank-email">Email</label>
                      <input
                        id="bank-email"
                        name="email"
                        type="email"
                        required
                        value="${knownEmail ?? form.email ?? ""}"
                      />
                      <label for="account-holder">Account holder name</label
                      ><input id="account-holder" name="name" value="${form.name ?? ""}" />
                      <div class="row">
                        <div>
                          <label for="routing">Routing number</label
                          ><input id="routing" name="routing_number" value="${TEST_ROUTING_NUMBER}" />
                        </div>
                        <div>
                          <label for="account">Account number</label
                          ><input id="account" name="account_number" placeholder="${SUCCEEDING_ACCOUNT}" />
                        </div>
                      </div>
                      <p class="muted">
                        ${SUCCEEDING_ACCOUNT} settles, ${FAILING_ACCOUNT} fails (settle from the dashboard API:
                        <code>POST /_sandbox/payment_intents/:id/settle</code>).
                      </p>
                      <p>
                        <button type="submit">
                          Pay ${money(session.amount_total, session.currency)} by bank debit
                        </button>
                      </p>
                    </form>
                  </details>`
                : ""
            }`
        }
        ${session.cancel_url && session.status === "open" ? html`<a href="${session.cancel_url}">← Back to the shop</a>` : ""}
        ${session.status === "complete" && successTarget(session) ? html`<a class="button" href="${successTarget(session)}">Continue</a>` : ""}
      </div>`,
    { narrow: true },
  );
}

/**
 * Stripe's hosted Checkout page for sessions created with `ui_mode=hosted_page`
 * (`session.url`): a card form that completes the session and returns to `success_url`.
 */
export const hostedCheckoutPage: PageHandler = ({ context, method, url, body, baseUrl, response }) => {
  const match = PATH.exec(url.pathname);
  if (!match) return false;
  const id = decodeURIComponent(match[1] ?? "");
  const ledger = context.store.ledgerHolding("checkoutSessions", id);
  const session = ledger?.checkoutSessions[id];
  if (!ledger || !session) {
    sendHtml(
      response,
      404,
      page("Not found", html`<div class="card"><h1>No such Checkout Session</h1></div>`, { narrow: true }),
    );
    return true;
  }
  if (match[2]) {
    // Back from the 3-D Secure page: done, or show why not.
    const target = successTarget(session);
    if (session.status === "complete" && target) redirect(response, target);
    else
      sendHtml(
        response,
        200,
        render(
          context,
          ledger,
          session,
          "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
        ),
      );
    return true;
  }
  if (method !== "POST") {
    sendHtml(response, 200, render(context, ledger, session, null));
    return true;
  }

  const form = Object.fromEntries(
    Object.entries(parseForm(body)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const scope = context.scope(ledger, baseUrl);
  const [month = "", year = ""] = (form.expiry ?? "").split("/").map((part) => part.trim());
  const billingDetails = {
    email: form.email ?? "",
    name: form.name ?? "",
    address: { postal_code: form.postal ?? "" },
  };
  try {
    const paymentMethod = createPaymentMethod(
      scope,
      new Params(
        form.method === "us_bank_account"
          ? {
              type: "us_bank_account",
              us_bank_account: { account_number: form.account_number ?? "", routing_number: form.routing_number ?? "" },
              billing_details: billingDetails,
            }
          : {
              type: "card",
              card: { number: form.number ?? "", exp_month: month, exp_year: year, cvc: form.cvc ?? "" },
              billing_details: billingDetails,
            },
      ),
    );
    const result = payCheckoutSession(
      scope,
      session,
      ledger.hidden.checkoutExtras[session.id] ?? defaultSessionExtras(),
      {
        paymentMethodId: paymentMethod.id,
        email: form.email || null,
        name: form.name || null,
      },
    );
    context.store.changed();
    if (result.status === "complete") {
      const target = successTarget(session);
      if (target) redirect(response, target);
      else sendHtml(response, 200, render(context, ledger, session, null));
    } else if (result.status === "requires_action") {
      redirect(response, result.url);
    } else {
      sendHtml(response, 200, render(context, ledger, session, result.error.body.message, form));
    }
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    context.store.changed();
    sendHtml(response, 200, render(context, ledger, session, error.body.message, form));
  }
  return true;
};
