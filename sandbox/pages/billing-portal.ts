import { StripeApiError } from "../core/errors";
import { changedAttributes } from "../core/events";
import { toJson } from "../core/json";
import { Params } from "../core/params";
import type { Ledger } from "../core/state";
import type * as S from "../core/stripe-types";
import { idOf } from "../core/stripe-types";
import { parseForm } from "../http/form-encoding";
import type { PageHandler } from "../http/page-handler";
import { redirect, sendHtml } from "../http/respond";
import { applyCancelAtPeriodEnd } from "../billing/subscriptions";
import { attachPaymentMethod, createPaymentMethod } from "../payments/payment-methods";
import type { Scope } from "../core/scope";
import { dateTime, html, money, page } from "./html";

const PATH = /^\/billing_portal\/([^/]+)$/;

function periodEnd(subscription: S.Subscription): number | null {
  return subscription.items.data[0]?.current_period_end ?? null;
}

function render(ledger: Ledger, session: S.PortalSession, message: string | null): string {
  const customer = ledger.customers[session.customer];
  const subscriptions = Object.values(ledger.subscriptions)
    .filter((subscription) => idOf(subscription.customer) === session.customer)
    .reverse();
  const invoices = Object.values(ledger.invoices)
    .filter((invoice) => idOf(invoice.customer) === session.customer)
    .reverse();
  const defaultMethod = ledger.paymentMethods[idOf(customer?.invoice_settings.default_payment_method) ?? ""];
  return page(
    "Billing",
    html`<div class="card">
        <h1>Billing for ${customer?.email ?? session.customer}</h1>
        ${message ? html`<div class="notice" role="status">${message}</div>` : ""}
        ${session.return_url ? html`<a href="${session.return_url}">← Return to the shop</a>` : ""}
      </div>
      <div class="card">
        <h2>Subscriptions</h2>
        ${subscriptions.length === 0 ? html`<p class="muted">No subscriptions.</p>` : ""}
        ${subscriptions.map((subscription) => {
          const price = subscription.items.data[0]?.price;
          const ends = periodEnd(subscription);
          return html`<div class="card">
            <p>
              <strong>${money(price?.unit_amount, price?.currency)} / ${price?.recurring?.interval ?? ""}</strong> ·
              <span class="pill">${subscription.status}</span> · <code>${subscription.id}</code>
            </p>
            <p class="muted">
              ${
                subscription.status === "canceled"
                  ? html`Canceled ${dateTime(subscription.canceled_at)}`
                  : subscription.cancel_at_period_end
                    ? html`Cancels ${dateTime(ends)}`
                    : html`Renews ${dateTime(ends)}`
              }
            </p>
            ${
              subscription.status === "canceled"
                ? ""
                : html`<form method="post">
                    <input type="hidden" name="subscription" value="${subscription.id}" /> ${
                      subscription.cancel_at_period_end
                        ? html`<button name="action" value="renew" class="secondary">Renew subscription</button>`
                        : html`<button name="action" value="cancel" class="danger">Cancel subscription</button>`
                    }
                  </form>`
            }
          </div>`;
        })}
      </div>
      <div class="card">
        <h2>Payment method</h2>
        <p>
          ${defaultMethod?.card ? html`${defaultMethod.card.brand} •••• ${defaultMethod.card.last4}, expires ${defaultMethod.card.exp_month}/${defaultMethod.card.exp_year}` : html`<span class="muted">None on file.</span>`}
        </p>
        <form method="post">
          <input type="hidden" name="action" value="update_card" /> <label for="number">Card number</label
          ><input id="number" name="number" placeholder="4242 4242 4242 4242" />
          <div class="row">
            <div>
              <label for="expiry">Expiration (MM / YY)</label><input id="expiry" name="expiry" placeholder="MM / YY" />
            </div>
            <div><label for="cvc">CVC</label><input id="cvc" name="cvc" placeholder="123" /></div>
          </div>
          <p><button type="submit">Update payment method</button></p>
        </form>
      </div>
      <div class="card">
        <h2>Invoices</h2>
        <table>
          ${invoices.map(
            (invoice) =>
              html`<tr>
                <td>${dateTime(invoice.created)}</td>
                <td>${money(invoice.total, invoice.currency)}</td>
                <td><span class="pill">${invoice.status}</span></td>
                <td><a href="${invoice.hosted_invoice_url ?? "#"}">View</a></td>
              </tr>`,
          )}
        </table>
      </div>`,
    { narrow: true },
  );
}

/** Cancel at period end (the portal's default) or take the cancellation back. */
function setCancelAtPeriodEnd(scope: Scope, subscription: S.Subscription, cancel: boolean): void {
  if (subscription.status === "canceled") return;
  const before = toJson(subscription);
  applyCancelAtPeriodEnd(subscription, cancel);
  const previous = changedAttributes(before, subscription);
  if (previous) scope.emit("customer.subscription.updated", subscription, previous);
}

function updateCard(scope: Scope, customer: S.Customer, form: Record<string, string>): void {
  const [month = "", year = ""] = (form.expiry ?? "").split("/").map((part) => part.trim());
  const paymentMethod = createPaymentMethod(
    scope,
    new Params({
      type: "card",
      card: { number: form.number ?? "", exp_month: month, exp_year: year, cvc: form.cvc ?? "" },
    }),
  );
  attachPaymentMethod(scope, paymentMethod, customer.id);
  const before = toJson(customer);
  customer.invoice_settings.default_payment_method = paymentMethod.id;
  const previous = changedAttributes(before, customer);
  if (previous) scope.emit("customer.updated", customer, previous);
  for (const subscription of Object.values(scope.ledger.subscriptions)) {
    if (idOf(subscription.customer) !== customer.id || subscription.status === "canceled") continue;
    const snapshot = toJson(subscription);
    subscription.default_payment_method = paymentMethod.id;
    const changed = changedAttributes(snapshot, subscription);
    if (changed) scope.emit("customer.subscription.updated", subscription, changed);
  }
}

/** The Customer Portal a billing portal session's `url` opens. */
export const billingPortalPage: PageHandler = ({ context, method, url, body, baseUrl, response }) => {
  const match = PATH.exec(url.pathname);
  if (!match) return false;
  const id = decodeURIComponent(match[1] ?? "");
  const ledger = context.store.ledgerHolding("portalSessions", id);
  const session = ledger?.portalSessions[id];
  if (!ledger || !session) {
    sendHtml(
      response,
      404,
      page("Not found", html`<div class="card"><h1>This portal session does not exist</h1></div>`, { narrow: true }),
    );
    return true;
  }
  if (method !== "POST") {
    sendHtml(response, 200, render(ledger, session, url.searchParams.get("message")));
    return true;
  }
  const form = Object.fromEntries(
    Object.entries(parseForm(body)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const scope = context.scope(ledger, baseUrl);
  const subscription = ledger.subscriptions[form.subscription ?? ""];
  const customer = ledger.customers[session.customer];
  let message = "";
  try {
    if (form.action === "cancel" && subscription && idOf(subscription.customer) === session.customer) {
      setCancelAtPeriodEnd(scope, subscription, true);
      message = "Your subscription will be canceled at the end of the period.";
    } else if (form.action === "renew" && subscription && idOf(subscription.customer) === session.customer) {
      setCancelAtPeriodEnd(scope, subscription, false);
      message = "Your subscription will continue.";
    } else if (form.action === "update_card" && customer) {
      updateCard(scope, customer, form);
      message = "Payment method updated.";
    }
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    message = error.body.message;
  }
  context.store.changed();
  redirect(response, `/billing_portal/${session.id}?message=${encodeURIComponent(message)}`);
  return true;
};
