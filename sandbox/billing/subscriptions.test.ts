import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { publishableCall, startTestSandbox, type TestAccount, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let account: TestAccount;
let stripe: Stripe;
let price: Stripe.Price;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  account = await sandbox.createAccount();
  stripe = sandbox.stripe(account.keys.test.secret);
  price = await stripe.prices.create({
    currency: "usd",
    unit_amount: 1900,
    recurring: { interval: "month" },
    product_data: { name: "Hosting" },
  });
});
afterAll(() => sandbox.close());

async function subscribedCustomer(card = "pm_card_visa") {
  const customer = await stripe.customers.create({
    email: "owner@example.com",
    payment_method: card,
    invoice_settings: { default_payment_method: card },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    expand: ["latest_invoice"],
  });
  return { customer, subscription };
}

async function renew(subscriptionId: string, outcome?: "succeed" | "fail") {
  const response = await fetch(`${sandbox.url}/_sandbox/subscriptions/${subscriptionId}/renew`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(outcome ? { outcome } : {}),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice | null };
}

async function eventTypesSince(eventId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100, ending_before: eventId });
  return events.data.map((event) => event.type).reverse();
}

describe("subscriptions", () => {
  it("charges the saved card at once and becomes active", async () => {
    const { subscription } = await subscribedCustomer();
    expect(subscription.status).toBe("active");
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 1900, billing_reason: "subscription_create" });
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    const item = subscription.items.data[0];
    expect(item?.price.id).toBe(price.id);
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBeGreaterThanOrEqual(28 * 86400);
  });

  it("renews: a new period and a subscription_cycle invoice, drafted, then finalized and paid", async () => {
    const { subscription } = await subscribedCustomer();
    const [marker] = (await stripe.events.list({ limit: 1 })).data;
    const previousEnd = subscription.items.data[0]?.current_period_end;
    const { invoice } = await renew(subscription.id);
    expect(invoice).toMatchObject({
      status: "paid",
      billing_reason: "subscription_cycle",
      amount_paid: 1900,
      attempt_count: 1,
      automatically_finalizes_at: null,
      next_payment_attempt: null,
    });
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(previousEnd);
    expect(renewed.latest_invoice).toBe(invoice?.id);
    // Stripe's order: the draft at the period end, then (an hour later) finalize and charge.
    expect(await eventTypesSince(marker?.id ?? "")).toEqual([
      "invoice.created",
      "customer.subscription.updated",
      "payment_intent.created",
      "invoice.finalized",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice_payment.paid",
    ]);

    const created = (await stripe.events.list({ type: "invoice.created", limit: 1 })).data[0];
    const draft = created?.data.object as Stripe.Invoice;
    expect(draft).toMatchObject({ id: invoice?.id, status: "draft", number: null, attempted: false });
    expect(draft.automatically_finalizes_at).toBe(draft.created + 3600);
    expect(draft.next_payment_attempt).toBe(draft.created + 3600);
    const finalized = (await stripe.events.list({ type: "invoice.finalized", limit: 1 })).data[0];
    expect(finalized?.data.object).toMatchObject({ id: invoice?.id, status: "open", automatically_finalizes_at: null });

    const [payment] = (await stripe.invoicePayments.list({ invoice: invoice?.id ?? "" })).data;
    const intentId = String(payment?.payment.payment_intent);
    expect(payment).toMatchObject({
      object: "invoice_payment",
      invoice: invoice?.id,
      amount_paid: 1900,
      amount_requested: 1900,
      currency: "usd",
      is_default: true,
      status: "paid",
      payment: { type: "payment_intent" },
    });
    expect(payment?.id).toMatch(/^inpay_/);
    expect(payment?.status_transitions.paid_at).not.toBeNull();
    expect(await stripe.paymentIntents.retrieve(intentId)).toMatchObject({
      status: "succeeded",
      amount: 1900,
      description: "Subscription update",
    });
    const paidEvent = (await stripe.events.list({ type: "invoice_payment.paid", limit: 1 })).data[0];
    expect(paidEvent?.data.object).toEqual(payment);
    expect(await stripe.invoicePayments.retrieve(payment?.id ?? "")).toEqual(payment);
    const byIntent = await stripe.invoicePayments.list({
      payment: { type: "payment_intent", payment_intent: intentId },
    });
    expect(byIntent.data.map((candidate) => candidate.id)).toEqual([payment?.id]);
    expect((await stripe.invoicePayments.list({ invoice: invoice?.id ?? "", status: "open" })).data).toHaveLength(0);
  });

  it("fails a renewal: past_due, invoice.payment_failed and invoice.updated, then recovers when the invoice is paid", async () => {
    const { subscription } = await subscribedCustomer();
    const [marker] = (await stripe.events.list({ limit: 1 })).data;
    const { invoice } = await renew(subscription.id, "fail");
    expect(invoice).toMatchObject({ status: "open", attempted: true, attempt_count: 1 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect(await eventTypesSince(marker?.id ?? "")).toEqual([
      "invoice.created",
      "customer.subscription.updated",
      "payment_intent.created",
      "invoice.finalized",
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "invoice.updated",
      "customer.subscription.updated",
    ]);
    const update = (await stripe.events.list({ type: "customer.subscription.updated", limit: 1 })).data[0];
    expect(update?.data.object).toMatchObject({ id: subscription.id, status: "past_due" });
    expect(update?.data.previous_attributes).toMatchObject({ status: "active" });

    // Stripe retries a failed renewal; the invoice shows when.
    const retry = (await stripe.events.list({ type: "invoice.updated", limit: 1 })).data[0];
    const failed = retry?.data.object as Stripe.Invoice;
    expect(failed).toMatchObject({ id: invoice?.id, status: "open", attempt_count: 1, attempted: true });
    expect(failed.next_payment_attempt).toBeGreaterThanOrEqual(failed.created + 3 * 86400 - 5);
    const previous = retry?.data.previous_attributes as Partial<Stripe.Invoice>;
    expect(previous).toMatchObject({ attempt_count: 0, attempted: false });
    expect(previous.next_payment_attempt).toBeLessThan(failed.next_payment_attempt ?? 0);
    expect((await stripe.invoicePayments.list({ invoice: invoice?.id ?? "" })).data[0]).toMatchObject({
      status: "open",
      amount_paid: null,
    });
    const paidPayments = (await stripe.events.list({ type: "invoice_payment.paid", limit: 100 })).data;
    expect(paidPayments.map((event) => (event.data.object as Stripe.InvoicePayment).invoice)).not.toContain(
      invoice?.id,
    );

    const paid = await stripe.invoices.pay(invoice?.id ?? "");
    expect(paid).toMatchObject({ status: "paid", attempt_count: 2, next_payment_attempt: null });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    const [payment] = (await stripe.invoicePayments.list({ invoice: invoice?.id ?? "" })).data;
    expect(payment).toMatchObject({ status: "paid", amount_paid: 1900 });
    expect((await stripe.events.list({ type: "invoice_payment.paid", limit: 1 })).data[0]?.data.object).toEqual(
      payment,
    );
  });

  it("fails a renewal when the saved card declines charges (4000 0000 0000 0341)", async () => {
    const { subscription } = await subscribedCustomer();
    await stripe.subscriptions.update(subscription.id, { default_payment_method: "pm_card_chargeCustomerFail" });
    await renew(subscription.id);
    const failed = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice.payments"] });
    expect(failed.status).toBe("past_due");
    const invoice = failed.latest_invoice as Stripe.Invoice;
    expect(invoice.payments?.data[0]?.payment.type).toBe("payment_intent");
  });

  it("cancels now, or at the end of the period", async () => {
    const { subscription } = await subscribedCustomer();
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled" });
    expect(canceled.ended_at).not.toBeNull();
    expect(
      (await stripe.events.list({ type: "customer.subscription.deleted", limit: 1 })).data[0]?.data.object,
    ).toMatchObject({ id: subscription.id });
    expect((await stripe.subscriptions.list({ customer: String(subscription.customer) })).data).toHaveLength(0);
    expect(
      (await stripe.subscriptions.list({ customer: String(subscription.customer), status: "canceled" })).data,
    ).toHaveLength(1);

    const later = (await subscribedCustomer()).subscription;
    const scheduled = await stripe.subscriptions.update(later.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ status: "active", cancel_at_period_end: true });
    const updated = (await stripe.events.list({ type: "customer.subscription.updated", limit: 1 })).data[0];
    expect(updated?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const { invoice } = await renew(later.id);
    expect(invoice).toBeNull();
    expect((await stripe.subscriptions.retrieve(later.id)).status).toBe("canceled");
  });

  it("waits for the Payment Element with default_incomplete, then activates", async () => {
    const customer = await stripe.customers.create({ email: "new@example.com" });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
      expand: ["latest_invoice.confirmation_secret"],
    });
    expect(subscription.status).toBe("incomplete");
    const clientSecret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret ?? "";
    expect(clientSecret).toMatch(/^pi_.+_secret_/);
    const confirmed = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "POST",
      `/v1/payment_intents/${clientSecret.split("_secret_")[0]}/confirm`,
      {
        client_secret: clientSecret,
        payment_method: "pm_card_visa",
        return_url: "https://shop.example/done",
      },
    );
    expect(confirmed.json.status).toBe("succeeded");
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("answers error_if_incomplete with a 402 and creates nothing", async () => {
    const customer = await stripe.customers.create({
      email: "broke@example.com",
      payment_method: "pm_card_chargeCustomerFail",
      invoice_settings: { default_payment_method: "pm_card_chargeCustomerFail" },
    });
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        payment_behavior: "error_if_incomplete",
      }),
    ).rejects.toMatchObject({
      statusCode: 402,
      type: "StripeCardError",
    });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(0);
  });

  it("needs a payment method unless the subscription waits for one", async () => {
    const customer = await stripe.customers.create({ email: "nocard@example.com" });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("billing portal", () => {
  it("opens a portal session where the customer cancels at period end", async () => {
    const { customer, subscription } = await subscribedCustomer();
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://platform.example/billing",
    });
    expect(session).toMatchObject({
      object: "billing_portal.session",
      customer: customer.id,
      return_url: "https://platform.example/billing",
    });
    expect(session.url).toBe(`${sandbox.url}/billing_portal/${session.id}`);
    const page = await fetch(session.url);
    const text = await page.text();
    expect(text).toContain("owner@example.com");
    expect(text).toContain(subscription.id);
    const cancel = await fetch(session.url, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `action=cancel&subscription=${subscription.id}`,
    });
    expect(cancel.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
  });
});
