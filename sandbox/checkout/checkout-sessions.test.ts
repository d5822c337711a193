import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";

let sandbox: TestSandbox;
let stripe: Stripe;
let receiver: WebhookReceiver;
let secret: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  stripe = sandbox.stripe((await sandbox.createAccount()).keys.test.secret);
  const endpoint = await stripe.webhookEndpoints.create({
    url: `${receiver.url}/webhook`,
    enabled_events: [
      "checkout.session.completed",
      "checkout.session.expired",
      "checkout.session.async_payment_succeeded",
      "checkout.session.async_payment_failed",
    ],
  });
  secret = endpoint.secret ?? "";
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

/** The hosted page's form, posted as a browser would. */
function payOnHostedPage(session: Stripe.Checkout.Session, number: string) {
  return fetch(session.url ?? "", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      email: "buyer@example.com",
      number,
      expiry: "12 / 34",
      cvc: "123",
      name: "Ada",
      postal: "94103",
    }).toString(),
  });
}

function receivedEvents(): Stripe.Event[] {
  return receiver.received.map((request) =>
    stripe.webhooks.constructEvent(request.body, String(request.headers["stripe-signature"]), secret),
  );
}

describe("Checkout Sessions in payment mode", () => {
  it("creates a session with a hosted page URL and line items", async () => {
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 1500, product_data: { name: "E-book" } });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price: price.id, quantity: 2 },
        { price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Audio add-on" } }, quantity: 1 },
      ],
      success_url: "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://shop.example/cart",
      metadata: { order_id: "o-1" },
    });
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: 3500,
      currency: "usd",
      payment_intent: null,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${sandbox.url}/checkout/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(86400);
    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items"] });
    expect(expanded.line_items?.data.map((item) => [item.description, item.quantity, item.amount_total])).toEqual([
      ["E-book", 2, 3000],
      ["Audio add-on", 1, 500],
    ]);
    expect((await stripe.checkout.sessions.listLineItems(session.id)).data).toHaveLength(2);
    const page = await fetch(session.url ?? "");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("$35.00");
  });

  it("is completed on the hosted page: decline shown, then paid and redirected, with a signed event", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "Course" } }, quantity: 1 },
      ],
      success_url: "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
      payment_intent_data: { metadata: { order_id: "o-2" } },
    });
    const declined = await payOnHostedPage(session, "4000000000000002");
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain("Your card was declined.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const paid = await payOnHostedPage(session, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`https://shop.example/thanks?session_id=${session.id}`);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(completed).toMatchObject({
      status: "complete",
      payment_status: "paid",
      customer_details: { email: "buyer@example.com" },
    });
    const intent = completed.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: "succeeded", amount: 2000, metadata: { order_id: "o-2" } });

    const event = await waitFor(() =>
      receivedEvents().find(
        (candidate) =>
          candidate.type === "checkout.session.completed" &&
          (candidate.data.object as Stripe.Checkout.Session).id === session.id,
      ),
    );
    expect(event.data.object).toMatchObject({ status: "complete", payment_status: "paid", payment_intent: intent.id });
  });

  it("expires an open session once", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price_data: { currency: "usd", unit_amount: 900, product_data: { name: "Zine" } }, quantity: 1 }],
      success_url: "https://shop.example/thanks",
    });
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
    await waitFor(() => receivedEvents().some((event) => event.type === "checkout.session.expired"));
    const listed = await stripe.checkout.sessions.list({ status: "expired" });
    expect(listed.data.map((item) => item.id)).toContain(session.id);
  });

  it("refuses recurring prices in payment mode", async () => {
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 900,
      recurring: { interval: "month" },
      product_data: { name: "Plan" },
    });
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "https://shop.example/",
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items" });
  });

  it("takes Stripe's ui_mode values: hosted_page by default, embedded_page with a client secret, no old names", async () => {
    const lineItems = [
      { price_data: { currency: "usd", unit_amount: 700, product_data: { name: "Zine" } }, quantity: 1 },
    ];
    const hosted = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: lineItems,
      success_url: "https://shop.example/thanks",
    });
    expect(hosted).toMatchObject({ ui_mode: "hosted_page", client_secret: null });
    expect(hosted.url).toBe(`${sandbox.url}/checkout/pay/${hosted.id}`);

    const embedded = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: lineItems,
      ui_mode: "embedded_page",
      return_url: "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(embedded).toMatchObject({ ui_mode: "embedded_page", url: null });
    expect(embedded.client_secret).toMatch(new RegExp(`^${embedded.id}_secret_`));
    for (const uiMode of ["elements", "form"] as const) {
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        line_items: lineItems,
        ui_mode: uiMode,
        return_url: "https://shop.example/return",
      });
      expect(session).toMatchObject({ ui_mode: uiMode, url: null });
    }

    for (const old of ["hosted", "embedded", "custom"]) {
      await expect(
        stripe.checkout.sessions.create({
          mode: "payment",
          line_items: lineItems,
          ui_mode: old,
          success_url: "https://shop.example/thanks",
        }),
      ).rejects.toMatchObject({
        statusCode: 400,
        type: "StripeInvalidRequestError",
        param: "ui_mode",
        message: "Invalid ui_mode: must be one of elements, embedded_page, form, hosted_page",
      });
    }
  });

  it("updates metadata without an event, as Stripe has no checkout.session.updated", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price_data: { currency: "usd", unit_amount: 700, product_data: { name: "Zine" } }, quantity: 1 }],
      success_url: "https://shop.example/thanks",
    });
    const latest = (await stripe.events.list({ limit: 1 })).data[0]?.id;
    const updated = await stripe.checkout.sessions.update(session.id, { metadata: { order_id: "o-9" } });
    expect(updated.metadata).toEqual({ order_id: "o-9" });
    expect((await stripe.events.list({ limit: 1 })).data[0]?.id).toBe(latest);
  });
});

describe("Checkout Sessions paid by bank debit", () => {
  async function payByBank(accountNumber: string) {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { price_data: { currency: "usd", unit_amount: 5000, product_data: { name: "Workshop" } }, quantity: 1 },
      ],
      success_url: "https://shop.example/thanks",
    });
    const response = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        method: "us_bank_account",
        email: "bank@example.com",
        name: "Grace",
        routing_number: "110000000",
        account_number: accountNumber,
      }).toString(),
    });
    expect(response.status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect((await stripe.paymentIntents.retrieve(String(completed.payment_intent))).status).toBe("processing");
    return completed;
  }

  async function settle(session: Stripe.Checkout.Session) {
    const response = await fetch(`${sandbox.url}/_sandbox/payment_intents/${String(session.payment_intent)}/settle`, {
      method: "POST",
    });
    expect(response.status).toBe(200);
  }

  it("completes unpaid, then sends async_payment_succeeded when the debit settles", async () => {
    const session = await payByBank("000123456789");
    await settle(session);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ payment_status: "paid" });
    const event = await waitFor(() =>
      receivedEvents().find((candidate) => candidate.type === "checkout.session.async_payment_succeeded"),
    );
    expect(event.data.object).toMatchObject({ id: session.id, payment_status: "paid" });
    expect(
      receivedEvents().some(
        (candidate) =>
          candidate.type === "checkout.session.completed" &&
          (candidate.data.object as Stripe.Checkout.Session).id === session.id,
      ),
    ).toBe(true);
  });

  it("sends async_payment_failed when the account is closed", async () => {
    const session = await payByBank("000111111116");
    await settle(session);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: "complete",
      payment_status: "unpaid",
    });
    const failed = await stripe.paymentIntents.retrieve(String(session.payment_intent));
    expect(failed).toMatchObject({ status: "requires_payment_method", last_payment_error: { code: "account_closed" } });
    const event = await waitFor(() =>
      receivedEvents().find((candidate) => candidate.type === "checkout.session.async_payment_failed"),
    );
    expect(event.data.object).toMatchObject({ id: session.id });
  });
});

describe("Checkout Sessions in subscription mode", () => {
  it("creates the customer and an active subscription whose first invoice is paid", async () => {
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 2900,
      recurring: { interval: "month" },
      product_data: { name: "Pro plan" },
    });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "https://platform.example/billing/done",
      customer_email: "owner@example.com",
      subscription_data: { metadata: { store_id: "store_1" } },
      client_reference_id: "store_1",
    });
    expect(session.mode).toBe("subscription");
    const paid = await payOnHostedPage(session, "4242424242424242");
    expect(paid.status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "invoice"] });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", client_reference_id: "store_1" });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({
      status: "active",
      metadata: { store_id: "store_1" },
      customer: completed.customer,
    });
    expect(completed.invoice).toMatchObject({
      status: "paid",
      amount_paid: 2900,
      billing_reason: "subscription_create",
    });
    const customer = await stripe.customers.retrieve(String(completed.customer));
    expect(customer).toMatchObject({ email: "owner@example.com" });
    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "customer.subscription.created",
        "customer.subscription.updated",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
        "checkout.session.completed",
      ]),
    );

    // The subscription Checkout created renews, fails to renew, and is canceled.
    const renew = (outcome: string) =>
      fetch(`${sandbox.url}/_sandbox/subscriptions/${subscription.id}/renew`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `outcome=${outcome}`,
      });
    expect((await renew("succeed")).status).toBe(200);
    expect((await stripe.invoices.list({ subscription: subscription.id, status: "paid" })).data).toHaveLength(2);
    expect((await renew("fail")).status).toBe(200);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect((await stripe.invoices.list({ subscription: subscription.id, status: "open" })).data[0]).toMatchObject({
      billing_reason: "subscription_cycle",
      attempt_count: 1,
    });
    expect((await stripe.subscriptions.cancel(subscription.id)).status).toBe("canceled");
  });
});
