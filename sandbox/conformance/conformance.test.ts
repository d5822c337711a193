import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import {
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestSandbox,
  type WebhookReceiver,
} from "../testing/harness";
import { checkRecorded } from "./check-recorded";
import { sdkFingerprint } from "./sdk-fingerprint";
import { ConformanceChecker, loadSchemas, type Violation } from "./validator";

/** A body exactly as the SDK received it, before it turns decimals into `Stripe.Decimal`. */
interface Exchange {
  request: string;
  body: unknown;
}

/** Hands the SDK the sandbox's answers and keeps a copy of each raw JSON body. */
function recordingHttpClient(exchanges: Exchange[]): Stripe.HttpClient {
  const inner = Stripe.createNodeHttpClient();
  return {
    getClientName: () => "conformance-recorder",
    async makeRequest(host, port, path, method, headers, requestData, protocol, timeout) {
      const response = await inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      return Object.assign(Object.create(response) as typeof response, {
        async toJSON() {
          const json: unknown = await response.toJSON();
          exchanges.push({ request: `${method} ${path}`, body: structuredClone(json) });
          return json;
        },
      });
    },
  } as Stripe.HttpClient;
}

/** Every kind of object the platform gets from Stripe, and so from the sandbox. */
const KINDS = [
  "Account",
  "PaymentIntent",
  "Charge",
  "Refund",
  "BalanceTransaction",
  "PaymentMethod",
  "Customer",
  "DeletedCustomer",
  "Product",
  "DeletedProduct",
  "Price",
  "CheckoutSession",
  "LineItem",
  "Subscription",
  "Invoice",
  "InvoiceLineItem",
  "InvoicePayment",
  "InvoiceItem",
  "DeletedInvoiceItem",
  "PortalSession",
  "WebhookEndpoint",
  "DeletedWebhookEndpoint",
  "Event",
  "List",
  "ErrorBody",
];

let sandbox: TestSandbox;
let receiver: WebhookReceiver;
let checker: ConformanceChecker;
const exchanges: Exchange[] = [];

async function expectStripeError(call: Promise<unknown>, status: number) {
  await expect(call).rejects.toMatchObject({ statusCode: status });
}

/** The platform's calls, end to end: every kind in KINDS comes back at least once. */
async function exercise(stripe: Stripe) {
  await stripe.accounts.retrieveCurrent();

  const endpoint = await stripe.webhookEndpoints.create({ url: `${receiver.url}/webhook`, enabled_events: ["*"] });
  await stripe.webhookEndpoints.update(endpoint.id, { description: "conformance" });
  await stripe.webhookEndpoints.list();

  const customer = await stripe.customers.create({
    email: "buyer@example.com",
    name: "Ada Lovelace",
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
    metadata: { shop: "conformance" },
  });
  await stripe.customers.update(customer.id, { phone: "+15555550100" });
  await stripe.customers.list({ email: "buyer@example.com" });
  await stripe.customers.listPaymentMethods(customer.id);
  const card = (await stripe.paymentMethods.list({ customer: customer.id, type: "card" })).data[0];
  if (card) await stripe.paymentMethods.retrieve(card.id);
  const leaving = await stripe.customers.create({ email: "gone@example.com" });
  await stripe.customers.del(leaving.id);

  const product = await stripe.products.create({ name: "E-book", metadata: { sku: "ebook" } });
  await stripe.products.update(product.id, { description: "A book" });
  await stripe.products.list({ limit: 3 });
  const oneTime = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500 });
  const monthly = await stripe.prices.create({
    currency: "usd",
    unit_amount: 900,
    recurring: { interval: "month" },
    product_data: { name: "Hosting" },
  });
  await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount_decimal: Stripe.Decimal.from("12.5"),
  });
  await stripe.prices.retrieve(oneTime.id, { expand: ["product"] });
  await stripe.prices.list({ product: product.id });
  const unsold = await stripe.products.create({ name: "Withdrawn" });
  await stripe.products.del(unsold.id);

  const paid = await stripe.paymentIntents.create({
    amount: 2000,
    currency: "usd",
    customer: customer.id,
    payment_method: "pm_card_visa",
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    metadata: { order: "o-1" },
  });
  await stripe.paymentIntents.retrieve(paid.id, { expand: ["latest_charge", "customer"] });
  await stripe.paymentIntents.list({ customer: customer.id });
  const held = await stripe.paymentIntents.create({
    amount: 3000,
    currency: "usd",
    payment_method: "pm_card_visa",
    capture_method: "manual",
    confirm: true,
    allowed_payment_method_types: ["card"],
  });
  await stripe.paymentIntents.capture(held.id, { amount_to_capture: 2500 });
  const open = await stripe.paymentIntents.create({
    amount: 500,
    currency: "usd",
    allowed_payment_method_types: ["card"],
  });
  await stripe.paymentIntents.update(open.id, { description: "later" });
  await stripe.paymentIntents.cancel(open.id);
  const declined = await stripe.paymentIntents.create({
    amount: 700,
    currency: "usd",
    allowed_payment_method_types: ["card"],
  });
  await expectStripeError(
    stripe.paymentIntents.confirm(declined.id, { payment_method: "pm_card_chargeDeclined" }),
    402,
  );

  const chargeId = typeof paid.latest_charge === "string" ? paid.latest_charge : (paid.latest_charge?.id ?? "");
  const charge = await stripe.charges.retrieve(chargeId, { expand: ["balance_transaction"] });
  await stripe.charges.list({ payment_intent: paid.id });
  const transaction = charge.balance_transaction;
  if (transaction)
    await stripe.balanceTransactions.retrieve(typeof transaction === "string" ? transaction : transaction.id);
  const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
  await stripe.refunds.retrieve(refund.id);
  await stripe.refunds.list({ payment_intent: paid.id });
  await stripe.charges.retrieve(chargeId, { expand: ["refunds"] });

  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      { price: oneTime.id, quantity: 2 },
      { price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Add-on" } }, quantity: 1 },
    ],
    success_url: "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://shop.example/cart",
  });
  await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items"] });
  await stripe.checkout.sessions.listLineItems(session.id);
  const hostedPage = await fetch(session.url ?? "", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      email: "buyer@example.com",
      number: "4242 4242 4242 4242",
      expiry: "12 / 34",
      cvc: "123",
      name: "Ada",
      postal: "94103",
    }).toString(),
  });
  expect(hostedPage.status).toBe(303);
  await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
  const abandoned = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: monthly.id, quantity: 1 }],
    success_url: "https://shop.example/thanks",
  });
  await stripe.checkout.sessions.expire(abandoned.id);
  await stripe.checkout.sessions.list({ limit: 5 });

  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    expand: ["latest_invoice"],
  });
  await stripe.subscriptions.retrieve(subscription.id);
  await stripe.subscriptions.update(subscription.id, { metadata: { plan: "basic" } });
  await stripe.subscriptions.list({ customer: customer.id });
  const invoiceId =
    typeof subscription.latest_invoice === "string" ? subscription.latest_invoice : subscription.latest_invoice?.id;
  if (invoiceId) {
    await stripe.invoices.retrieve(invoiceId);
    await stripe.invoices.listLineItems(invoiceId);
    await stripe.invoicePayments.list({ invoice: invoiceId });
  }
  await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "https://shop.example/account" });
  await stripe.subscriptions.cancel(subscription.id);

  const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd" });
  await stripe.invoiceItems.retrieve(item.id);
  const dropped = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: "usd" });
  await stripe.invoiceItems.del(dropped.id);
  await stripe.invoiceItems.list({ customer: customer.id });
  const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
  await stripe.invoices.finalizeInvoice(draft.id);
  await stripe.invoices.pay(draft.id);
  await stripe.invoices.list({ customer: customer.id });

  await expectStripeError(stripe.customers.retrieve("cus_missing"), 404);
  await expectStripeError(stripe.paymentIntents.create({ amount: 100, currency: "" }), 400);

  await sandbox.sandbox.deliveriesSettled();
  const [event] = (await stripe.events.list({ limit: 100 })).data;
  if (event) await stripe.events.retrieve(event.id);
  await stripe.webhookEndpoints.del(endpoint.id);
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startWebhookReceiver();
  checker = new ConformanceChecker();
  const account = await sandbox.createAccount();
  const stripe = new Stripe(account.keys.test.secret, {
    host: "127.0.0.1",
    port: sandbox.sandbox.port,
    protocol: "http",
    maxNetworkRetries: 0,
    httpClient: recordingHttpClient(exchanges),
  });
  await exercise(stripe);
  await waitFor(() => receiver.received.length > 0);
});
afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

function violationsOf(kind: string, bodies: Exchange[]) {
  const seen: string[] = [];
  const violations: Array<Violation & { request: string }> = [];
  for (const { request, body } of bodies) {
    for (const found of checker.objectsIn(body)) if (found.schema === kind) seen.push(request);
    for (const violation of checker.check(body))
      if (violation.schema === kind) violations.push({ ...violation, request });
  }
  return { seen, violations };
}

describe("the sandbox's objects have the shape the stripe SDK declares", () => {
  it("checks against schemas generated from the installed SDK (else: npm run sandbox:schemas)", () => {
    expect(loadSchemas().sdk, "stripe-schemas.generated.json is stale: npm run sandbox:schemas").toEqual(
      sdkFingerprint(),
    );
  });

  it.each(KINDS)("%s, as the API answers", (kind) => {
    const { seen, violations } = violationsOf(kind, exchanges);
    expect(seen.length, `no ${kind} came back from the calls above`).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it("every event delivered to a webhook endpoint", () => {
    const delivered = receiver.received.map((request) => ({
      request: `webhook ${request.path}`,
      body: JSON.parse(request.body) as unknown,
    }));
    const types = new Set(delivered.map(({ body }) => (body as { type?: string }).type));
    expect([...types]).toEqual(expect.arrayContaining(["payment_intent.succeeded", "checkout.session.completed"]));
    const violations = delivered.flatMap(({ request, body }) => checker.check(body).map((v) => ({ ...v, request })));
    expect(violations).toEqual([]);
  });
});

describe("the checker", () => {
  function sample(kind: string): Record<string, unknown> {
    for (const { body } of exchanges)
      for (const found of checker.objectsIn(body)) if (found.schema === kind) return structuredClone(found.value);
    throw new Error(`no ${kind} recorded`);
  }

  it("catches a field of the wrong type, a missing field and a field Stripe does not send", () => {
    const intent = sample("PaymentIntent");
    expect(checker.check(intent)).toEqual([]);
    intent.amount = "100";
    delete intent.client_secret;
    intent.capture_later = true;
    expect(checker.check(intent)).toEqual([
      { schema: "PaymentIntent", path: "", message: 'field "capture_later" is not in Stripe\'s object' },
      { schema: "PaymentIntent", path: "", message: 'missing required field "client_secret"' },
      { schema: "PaymentIntent", path: "/amount", message: "must be number" },
    ]);
  });

  it("catches drift inside an expanded object, a list's items and an event's object", () => {
    const customer = sample("Customer");
    customer.delinquent = "no";
    delete customer.email;
    const intent = { ...sample("PaymentIntent"), customer };
    expect(checker.check({ object: "list", data: [intent], has_more: false, url: "/v1/payment_intents" })).toEqual([
      { schema: "PaymentIntent", path: "/data/0/customer", message: 'missing required field "email"' },
      { schema: "PaymentIntent", path: "/data/0/customer/delinquent", message: "must be boolean,null" },
    ]);
    const charge = sample("Charge");
    charge.amount_refunded = null;
    expect(checker.check({ ...sample("PaymentIntent"), latest_charge: charge })).toEqual([
      { schema: "PaymentIntent", path: "/latest_charge/amount_refunded", message: "must be number" },
    ]);
    expect(checker.check({ ...sample("PaymentIntent"), customer: sample("Price") })).toEqual([
      { schema: "PaymentIntent", path: "/customer", message: "cannot be a Price" },
    ]);
    const event = sample("Event");
    expect(checker.check({ ...event, type: "customer.created", data: { object: sample("Price") } })).toEqual([
      {
        schema: "Event",
        path: "/data/object/object",
        message: 'a customer.created event carries customer, not "price"',
      },
    ]);
  });

  it("reports what the test run recorded once per drift, with how often and where it was first seen", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "conformance-test-"));
    try {
      const drifted = { ...sample("PaymentIntent"), amount: "100" };
      const line = (id: string) =>
        JSON.stringify({
          source: "response",
          request: `GET /v1/payment_intents?customer=${id}`,
          status: 200,
          body: JSON.stringify({
            object: "list",
            data: [drifted, drifted],
            has_more: false,
            url: "/v1/payment_intents",
          }),
        });
      // The last line is cut short, as by a worker killed mid-write: skipped, not fatal.
      await writeFile(path.join(directory, "bodies-1.jsonl"), `${line("cus_1")}\n${line("cus_2")}\n{"source":"resp`);
      expect(checkRecorded(directory, checker)).toEqual({
        bodies: 3,
        checked: 2,
        violations: [
          {
            schema: "PaymentIntent",
            path: "/data/*/amount",
            message: "must be number",
            source: "response",
            request: "GET /v1/payment_intents?customer=cus_1",
            count: 4,
          },
        ],
      });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("holds error bodies to Stripe's: a type and a message", () => {
    expect(checker.check({ error: { type: "invalid_request_error", message: "No such customer" } })).toEqual([]);
    expect(checker.check({ error: { type: "not_a_type", message: "x" } })).not.toEqual([]);
    expect(checker.check({ error: { message: "x" } })).toEqual([
      { schema: "ErrorBody", path: "/error", message: 'missing required field "type"' },
    ]);
  });
});
