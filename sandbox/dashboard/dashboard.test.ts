import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestAccount,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";

let sandbox: TestSandbox;
let receiver: WebhookReceiver;
let account: TestAccount;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  account = await sandbox.createAccount("Corner shop");
  stripe = sandbox.stripe(account.keys.test.secret);
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function page(path: string): Promise<string> {
  const response = await fetch(`${sandbox.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("dashboard", () => {
  it("shows accounts with their keys and the payments of the chosen mode", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1234,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: "https://shop.example/return",
      description: "<b>Order 9</b>",
    });
    const html = await page(`/?account=${account.id}&mode=test&view=payments`);
    expect(html).toContain("Corner shop");
    expect(html).toContain(account.keys.test.publishable);
    expect(html).toContain(account.keys.live.publishable);
    expect(html).toContain(intent.id);
    expect(html).toContain("$12.34");
    expect(html).toContain("&lt;b&gt;Order 9&lt;/b&gt;");
    expect(html).not.toContain("<b>Order 9</b>");
    expect(await page(`/?account=${account.id}&mode=live&view=payments`)).not.toContain(intent.id);
  });

  it("lists webhook attempts with their response codes and resends an event", async () => {
    receiver.reply = (_request, index) => ({ status: index === 0 ? 503 : 200 });
    const endpoint = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/hook`,
      enabled_events: ["product.created"],
    });
    await stripe.products.create({ name: "Poster" });
    await waitFor(() => receiver.received.length >= 2);
    await sandbox.sandbox.deliveriesSettled();
    const webhooks = await page(`/?account=${account.id}&mode=test&view=webhooks`);
    expect(webhooks).toContain(`${receiver.url}/hook`);
    expect(webhooks).toContain(endpoint.id);
    expect(webhooks).toMatch(/503/);
    expect(webhooks).toMatch(/#2/);

    const [event] = (await stripe.events.list({ type: "product.created" })).data;
    const events = await page(`/?account=${account.id}&mode=test&view=events`);
    expect(events).toContain(event?.id);
    expect(events).toContain(`/dashboard/events/${event?.id ?? ""}/resend`);
    const resend = await fetch(`${sandbox.url}/dashboard/events/${event?.id ?? ""}/resend`, {
      method: "POST",
      redirect: "manual",
    });
    expect(resend.status).toBe(303);
    expect(receiver.received).toHaveLength(3);
    expect(await page(`/?account=${account.id}&mode=test&view=webhooks`)).toContain("(resent)");
  });

  it("lists subscriptions and renews one with a failing payment", async () => {
    const customer = await stripe.customers.create({
      email: "sub@example.com",
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 700,
      recurring: { interval: "month" },
      product_data: { name: "Club" },
    });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(await page(`/?account=${account.id}&mode=test&view=subscriptions`)).toContain(subscription.id);
    const renew = await fetch(`${sandbox.url}/dashboard/subscriptions/${subscription.id}/renew`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "outcome=fail",
    });
    expect(renew.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
  });

  it("creates an account from the page", async () => {
    const response = await fetch(`${sandbox.url}/dashboard/accounts`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=From+the+dashboard",
    });
    expect(response.status).toBe(303);
    const list = (await (await fetch(`${sandbox.url}/_sandbox/accounts`)).json()) as { data: TestAccount[] };
    expect(list.data.map((entry) => entry.name)).toContain("From the dashboard");
  });
});
