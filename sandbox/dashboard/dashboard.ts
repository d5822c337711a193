import { renewSubscription } from "../billing/subscriptions";
import { StripeApiError } from "../core/errors";
import type { DeliveryAttempt, Ledger, Mode, SandboxAccount } from "../core/state";
import { idOf } from "../core/stripe-types";
import { parseForm } from "../http/form-encoding";
import type { PageHandler } from "../http/page-handler";
import { redirect, sendHtml } from "../http/respond";
import { paymentIntent } from "../objects/payments";
import { dateTime, html, money, page, type Html } from "../pages/html";
import type { SandboxContext } from "../sandbox-context";

type View = "payments" | "events" | "webhooks" | "subscriptions";
const VIEWS: View[] = ["payments", "events", "webhooks", "subscriptions"];
const ROWS = 50;

function statusPill(status: string | null | undefined): Html {
  const kind = ["succeeded", "paid", "active", "complete", "enabled"].includes(status ?? "")
    ? "ok"
    : ["requires_payment_method", "canceled", "failed", "past_due", "disabled", "expired"].includes(status ?? "")
      ? "bad"
      : "warn";
  return html`<span class="pill ${kind}">${status ?? "—"}</span>`;
}

function link(account: string, mode: Mode, view: View): string {
  return `/?account=${encodeURIComponent(account)}&mode=${mode}&view=${view}`;
}

function keysCard(account: SandboxAccount, baseUrl: string): Html {
  const address = new URL(baseUrl);
  return html`<div class="card">
    <h2>
      ${account.name} <span class="muted"><code>${account.id}</code></span>
    </h2>
    <table>
      <tr>
        <th>Mode</th>
        <th>Publishable key</th>
        <th>Secret key</th>
      </tr>
      ${(["test", "live"] as const).map(
        (mode) =>
          html`<tr>
            <td>${mode}</td>
            <td><code>${account.keys[mode].publishable}</code></td>
            <td>
              <details>
                <summary>${account.keys[mode].secret.slice(0, 12)}…${account.keys[mode].secret.slice(-4)}</summary>
                <code>${account.keys[mode].secret}</code>
              </details>
            </td>
          </tr>`,
      )}
    </table>
    <p class="muted">
      SDK:
      <code
        >new Stripe(secretKey, { host: '${address.hostname}', port: ${address.port || "80"}, protocol: 'http' })</code
      >
      · Stripe.js: <code>&lt;script src="${baseUrl}/js/v3/"&gt;&lt;/script&gt;</code>
    </p>
  </div>`;
}

function paymentsView(ledger: Ledger, account: SandboxAccount, mode: Mode): Html {
  const intents = Object.values(ledger.paymentIntents).reverse().slice(0, ROWS);
  return html`<div class="card">
    <h2>Payments</h2>
    <form method="post" action="/dashboard/try-payment">
      <input type="hidden" name="account" value="${account.id}" /><input type="hidden" name="mode" value="${mode}" />
      <button class="secondary small">Try a $20.00 payment with the served Stripe.js</button>
    </form>
    <table>
      <tr>
        <th>Amount</th>
        <th>Status</th>
        <th>Description</th>
        <th>Card</th>
        <th>Refunded</th>
        <th>Created</th>
        <th>Id</th>
      </tr>
      ${intents.map((intent) => {
        const charge = ledger.charges[idOf(intent.latest_charge) ?? ""];
        const card = charge?.payment_method_details?.card;
        return html`<tr>
          <td>${money(intent.amount, intent.currency)}</td>
          <td>
            ${statusPill(intent.status)}${intent.last_payment_error ? html`<div class="muted">${intent.last_payment_error.message}</div>` : ""}
          </td>
          <td>${intent.description ?? ""}</td>
          <td>${card ? `${card.brand ?? ""} •••• ${card.last4 ?? ""}` : ""}</td>
          <td>${charge?.amount_refunded ? money(charge.amount_refunded, charge.currency) : ""}</td>
          <td>${dateTime(intent.created)}</td>
          <td><code>${intent.id}</code></td>
        </tr>`;
      })}
    </table>
    ${intents.length === 0 ? html`<p class="muted">No payments yet.</p>` : ""}
  </div>`;
}

function attemptsSummary(attempts: DeliveryAttempt[]): Html {
  if (attempts.length === 0) return html`<span class="muted">no endpoint</span>`;
  const last = attempts[attempts.length - 1];
  return html`${statusPill(last?.succeeded ? "succeeded" : "failed")} ${attempts.length}
  attempt${attempts.length === 1 ? "" : "s"}, last ${last?.status_code ?? last?.error ?? ""}`;
}

function eventsView(ledger: Ledger): Html {
  const events = Object.values(ledger.events).reverse().slice(0, ROWS);
  return html`<div class="card">
    <h2>Events</h2>
    <table>
      <tr>
        <th>Type</th>
        <th>Deliveries</th>
        <th>Created</th>
        <th>Id</th>
        <th></th>
      </tr>
      ${events.map(
        (event) =>
          html`<tr>
            <td><code>${event.type}</code></td>
            <td>${attemptsSummary(ledger.deliveries.filter((attempt) => attempt.event_id === event.id))}</td>
            <td>${dateTime(event.created)}</td>
            <td><code>${event.id}</code></td>
            <td>
              <form method="post" action="/dashboard/events/${event.id}/resend">
                <button class="small secondary">Resend</button>
              </form>
            </td>
          </tr>`,
      )}
    </table>
    ${events.length === 0 ? html`<p class="muted">No events yet.</p>` : ""}
  </div>`;
}

function webhooksView(ledger: Ledger): Html {
  const endpoints = Object.values(ledger.webhookEndpoints).reverse();
  return html`${
    endpoints.length === 0
      ? html`<div class="card">
          <h2>Webhook endpoints</h2>
          <p class="muted">None yet. Create one with the API (<code>POST /v1/webhook_endpoints</code>).</p>
        </div>`
      : ""
  }
  ${endpoints.map(({ endpoint, secret }) => {
    const attempts = ledger.deliveries
      .filter((attempt) => attempt.endpoint_id === endpoint.id)
      .reverse()
      .slice(0, ROWS);
    return html`<div class="card">
      <h2><code>${endpoint.url}</code> ${statusPill(endpoint.status)}</h2>
      <p class="muted">
        ${endpoint.id} · listens to ${endpoint.enabled_events.join(", ")} · signing secret
        <details style="display:inline">
          <summary>reveal</summary>
          <code>${secret}</code>
        </details>
      </p>
      <table>
        <tr>
          <th>Time</th>
          <th>Event</th>
          <th>Attempt</th>
          <th>Response</th>
          <th>Duration</th>
          <th>Next retry</th>
          <th>Response body</th>
        </tr>
        ${attempts.map(
          (attempt) =>
            html`<tr>
              <td>${new Date(attempt.started_at).toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>
                <code>${attempt.event_type}</code>
                <div class="muted">${attempt.event_id}</div>
              </td>
              <td>#${attempt.attempt}${attempt.manual ? " (resent)" : ""}</td>
              <td>
                ${statusPill(attempt.succeeded ? "succeeded" : "failed")} ${attempt.status_code ?? ""}
                ${attempt.error && !attempt.succeeded ? html`<div class="muted">${attempt.error}</div>` : ""}
              </td>
              <td>${attempt.duration_ms} ms</td>
              <td>
                ${attempt.next_retry_at ? new Date(attempt.next_retry_at).toISOString().slice(0, 19).replace("T", " ") : ""}
              </td>
              <td>${attempt.response_excerpt ? html`<pre>${attempt.response_excerpt}</pre>` : ""}</td>
            </tr>`,
        )}
      </table>
      ${attempts.length === 0 ? html`<p class="muted">No deliveries yet.</p>` : ""}
    </div>`;
  })}`;
}

function subscriptionsView(ledger: Ledger): Html {
  const subscriptions = Object.values(ledger.subscriptions).reverse().slice(0, ROWS);
  return html`<div class="card">
    <h2>Subscriptions</h2>
    <table>
      <tr>
        <th>Customer</th>
        <th>Price</th>
        <th>Status</th>
        <th>Period end</th>
        <th>Id</th>
        <th></th>
      </tr>
      ${subscriptions.map((subscription) => {
        const item = subscription.items.data[0];
        const customer = ledger.customers[idOf(subscription.customer) ?? ""];
        return html`<tr>
          <td>${customer?.email ?? idOf(subscription.customer)}</td>
          <td>${money(item?.price.unit_amount, item?.price.currency)} / ${item?.price.recurring?.interval ?? ""}</td>
          <td>
            ${statusPill(subscription.status)}${subscription.cancel_at_period_end ? html` <span class="muted">cancels at period end</span>` : ""}
          </td>
          <td>${dateTime(item?.current_period_end)}</td>
          <td><code>${subscription.id}</code></td>
          <td>
            ${
              subscription.status === "canceled"
                ? ""
                : html`<form method="post" action="/dashboard/subscriptions/${subscription.id}/renew">
                    <button class="small secondary" name="outcome" value="succeed">Renew now</button>
                    <button class="small danger" name="outcome" value="fail">Renew, payment fails</button>
                  </form>`
            }
          </td>
        </tr>`;
      })}
    </table>
    ${subscriptions.length === 0 ? html`<p class="muted">No subscriptions yet.</p>` : ""}
  </div>`;
}

function tabs(account: SandboxAccount, mode: Mode, view: View): Html {
  return html`<div class="card">
    <nav class="tabs">
      <a class="${mode === "test" ? "active" : ""}" href="${link(account.id, "test", view)}">Test mode</a>
      <a class="${mode === "live" ? "active" : ""}" href="${link(account.id, "live", view)}">Live mode</a> |
      ${VIEWS.map((candidate) => html`<a class="${candidate === view ? "active" : ""}" href="${link(account.id, mode, candidate)}">${candidate[0]?.toUpperCase()}${candidate.slice(1)}</a>`)}
    </nav>
  </div>`;
}

function render(context: SandboxContext, url: URL, baseUrl: string): string {
  const accounts = context.store.accounts();
  const selected = context.store.account(url.searchParams.get("account") ?? "") ?? accounts[0];
  const mode: Mode = url.searchParams.get("mode") === "live" ? "live" : "test";
  const view = VIEWS.find((candidate) => candidate === url.searchParams.get("view")) ?? "payments";
  const createForm = html`<form method="post" action="/dashboard/accounts" class="row">
    <input name="name" placeholder="Account name (e.g. Demo shop)" aria-label="Account name" /><button>
      Create account
    </button>
  </form>`;
  if (!selected) {
    return page(
      "Stripe sandbox",
      html`<div class="card">
        <h1>Stripe sandbox</h1>
        <p>No accounts yet. Create one to get test and live keys.</p>
        ${createForm}
      </div>`,
    );
  }
  const ledger = context.store.ledger(selected.id, mode);
  const views: Record<View, () => Html> = {
    payments: () => paymentsView(ledger, selected, mode),
    events: () => eventsView(ledger),
    webhooks: () => webhooksView(ledger),
    subscriptions: () => subscriptionsView(ledger),
  };
  return page(
    "Stripe sandbox",
    html`<div class="card">
        <nav class="tabs">
          Accounts:
          ${accounts.map(
            (account) =>
              html`<a class="${account.id === selected.id ? "active" : ""}" href="${link(account.id, mode, view)}"
                >${account.name}</a
              >`,
          )}
        </nav>
        <div style="margin-top:12px">${createForm}</div>
      </div>
      ${keysCard(selected, baseUrl)}${tabs(selected, mode, view)}${views[view]()}`,
  );
}

function formOf(body: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parseForm(body)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

const RESEND = /^\/dashboard\/events\/([^/]+)\/resend$/;
const RENEW = /^\/dashboard\/subscriptions\/([^/]+)\/renew$/;

/** The sandbox dashboard at `/`, for a person: accounts and keys, payments, events, webhooks. */
export const dashboardPage: PageHandler = async ({ context, method, url, body, baseUrl, response }) => {
  if (method === "GET" && url.pathname === "/") {
    sendHtml(response, 200, render(context, url, baseUrl));
    return true;
  }
  if (method !== "POST" || !url.pathname.startsWith("/dashboard/")) return false;
  const form = formOf(body);

  if (url.pathname === "/dashboard/accounts") {
    const account = context.store.createAccount(form.name);
    redirect(response, link(account.id, "test", "payments"));
    return true;
  }
  if (url.pathname === "/dashboard/try-payment") {
    const account = context.store.account(form.account ?? "");
    if (!account) return false;
    const mode: Mode = form.mode === "live" ? "live" : "test";
    const ledger = context.store.ledger(account.id, mode);
    const scope = context.scope(ledger, baseUrl);
    const intent = paymentIntent({
      livemode: mode === "live",
      amount: 2000,
      currency: "usd",
      customer: null,
      description: "Dashboard test payment",
      metadata: {},
      paymentMethodTypes: ["card"],
      automaticPaymentMethods: true,
      captureMethod: "automatic",
      receiptEmail: null,
      setupFutureUsage: null,
      shipping: null,
      statementDescriptor: null,
      statementDescriptorSuffix: null,
    });
    ledger.paymentIntents[intent.id] = intent;
    scope.emit("payment_intent.created", intent);
    const query = new URLSearchParams({
      pk: account.keys[mode].publishable,
      client_secret: intent.client_secret ?? "",
    });
    redirect(response, `/test-checkout?${query.toString()}`);
    return true;
  }
  const resend = RESEND.exec(url.pathname);
  if (resend) {
    const id = resend[1] ?? "";
    const ledger = context.store.ledgers().find((candidate) => candidate.events[id]);
    const event = ledger?.events[id];
    if (!ledger || !event) return false;
    await context.webhooks.resend(ledger, event);
    redirect(response, link(ledger.account, ledger.mode, "webhooks"));
    return true;
  }
  const renew = RENEW.exec(url.pathname);
  if (renew) {
    const id = renew[1] ?? "";
    const ledger = context.store.ledgers().find((candidate) => candidate.subscriptions[id]);
    const subscription = ledger?.subscriptions[id];
    if (!ledger || !subscription) return false;
    try {
      renewSubscription(context.scope(ledger, baseUrl), subscription, form.outcome === "fail" ? "fail" : "succeed");
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
    }
    context.store.changed();
    redirect(response, link(ledger.account, ledger.mode, "subscriptions"));
    return true;
  }
  return false;
};
