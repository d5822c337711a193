import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startTestSandbox, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = sandbox.stripe((await sandbox.createAccount()).keys.test.secret);
});
afterAll(() => sandbox.close());

async function eventTypesSince(eventId: string | undefined): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100, ...(eventId ? { ending_before: eventId } : {}) });
  return events.data.map((event) => event.type).reverse();
}

async function latestEventId(): Promise<string | undefined> {
  return (await stripe.events.list({ limit: 1 })).data[0]?.id;
}

/** A customer with one pending $20 item and a draft invoice that pulled it in, as the Stripe CLI builds it. */
async function draftInvoice(card?: string) {
  const customer = await stripe.customers.create({ description: "invoice test" });
  const paymentMethod = card ? await stripe.paymentMethods.attach(card, { customer: customer.id }) : undefined;
  await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd", description: "Setup" });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
  return { customer, paymentMethod, invoice };
}

describe("payment method aliases", () => {
  it("attaches pm_card_visa as a new card that then pays the customer's invoices by default", async () => {
    const customer = await stripe.customers.create({ email: "alias@example.com" });
    const attached = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(attached.id).toMatch(/^pm_/);
    expect(attached.id).not.toBe("pm_card_visa");
    expect(attached).toMatchObject({ customer: customer.id, card: { brand: "visa", last4: "4242" } });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });

    await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: "usd" });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    await stripe.invoices.finalizeInvoice(draft.id);
    const paid = await stripe.invoices.pay(draft.id);
    expect(paid).toMatchObject({ status: "paid", amount_paid: 1500, amount_remaining: 0, attempt_count: 1 });
    const [payment] = (await stripe.invoicePayments.list({ invoice: draft.id })).data;
    const intent = await stripe.paymentIntents.retrieve(String(payment?.payment.payment_intent));
    expect(intent).toMatchObject({ status: "succeeded", payment_method: attached.id, amount: 1500 });
  });

  it("attaches a declining alias like Stripe: pm_card_chargeCustomerFail attaches, pm_card_chargeDeclined does not", async () => {
    const customer = await stripe.customers.create({});
    await expect(
      stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id }),
    ).resolves.toMatchObject({
      customer: customer.id,
    });
    await expect(
      stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }),
    ).rejects.toMatchObject({
      statusCode: 402,
      code: "card_declined",
    });
    await expect(stripe.paymentMethods.attach("pm_card_visa", { customer: "cus_missing" })).rejects.toMatchObject({
      statusCode: 404,
      param: "customer",
    });
  });
});

describe("invoice items", () => {
  it("wait on the customer until an invoice includes them; excluded by default", async () => {
    const customer = await stripe.customers.create({});
    const first = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2000,
      currency: "usd",
      description: "Setup fee",
    });
    const second = await stripe.invoiceItems.create({
      customer: customer.id,
      currency: "usd",
      unit_amount_decimal: Stripe.Decimal.from("250"),
      quantity: 3,
      description: "Seats",
    });
    expect(first).toMatchObject({ object: "invoiceitem", invoice: null, amount: 2000, quantity: 1 });
    expect(second).toMatchObject({ amount: 750, quantity: 3 });
    expect(String(second.pricing?.unit_amount_decimal)).toBe("250");
    expect((await stripe.events.list({ type: "invoiceitem.created", limit: 1 })).data[0]?.data.object).toMatchObject({
      id: second.id,
    });

    const empty = await stripe.invoices.create({ customer: customer.id });
    expect(empty).toMatchObject({
      status: "draft",
      billing_reason: "manual",
      total: 0,
      number: null,
      auto_advance: false,
    });
    expect(empty.lines.data).toHaveLength(0);

    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    expect(invoice).toMatchObject({ status: "draft", amount_due: 2750, total: 2750, hosted_invoice_url: null });
    expect(invoice.lines.data.map((line) => line.parent?.invoice_item_details?.invoice_item)).toEqual([
      second.id,
      first.id,
    ]);
    expect(await stripe.invoiceItems.retrieve(first.id)).toMatchObject({ invoice: invoice.id });
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);
    expect((await stripe.invoiceItems.list({ invoice: invoice.id })).data.map((item) => item.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
  });

  it("join a draft given as `invoice`, change and leave it, with invoice.updated", async () => {
    const { customer, invoice } = await draftInvoice();
    const added = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      amount: 500,
      currency: "usd",
    });
    expect(added.invoice).toBe(invoice.id);
    expect((await stripe.invoices.retrieve(invoice.id)).amount_due).toBe(2500);
    const updated = (await stripe.events.list({ type: "invoice.updated", limit: 1 })).data[0];
    expect(updated?.data.previous_attributes).toMatchObject({ amount_due: 2000 });

    await stripe.invoiceItems.update(added.id, { amount: 900 });
    expect((await stripe.invoices.retrieve(invoice.id)).total).toBe(2900);
    expect(await stripe.invoiceItems.del(added.id)).toEqual({ id: added.id, object: "invoiceitem", deleted: true });
    const after = await stripe.invoices.retrieve(invoice.id);
    expect(after.total).toBe(2000);
    expect(after.lines.data).toHaveLength(1);
    await expect(stripe.invoiceItems.retrieve(added.id)).rejects.toMatchObject({ statusCode: 404 });

    await stripe.invoices.finalizeInvoice(invoice.id);
    await expect(
      stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100, currency: "usd" }),
    ).rejects.toMatchObject({ statusCode: 400, code: "invoice_not_editable" });
  });

  it("refuses what Stripe refuses", async () => {
    const customer = await stripe.customers.create({});
    await expect(stripe.invoiceItems.create({ customer: customer.id, amount: 100 })).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "currency",
    });
    await expect(
      stripe.invoiceItems.create({ customer: customer.id, amount: 100, quantity: 2, currency: "usd" }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("amount, quantity") });
    await expect(
      stripe.invoiceItems.create({ customer: "cus_missing", amount: 100, currency: "usd" }),
    ).rejects.toMatchObject({ statusCode: 404, param: "customer" });
    const recurring = await stripe.prices.create({
      currency: "usd",
      unit_amount: 900,
      recurring: { interval: "month" },
      product_data: { name: "Plan" },
    });
    await expect(
      stripe.invoiceItems.create({ customer: customer.id, pricing: { price: recurring.id } }),
    ).rejects.toMatchObject({ statusCode: 400, param: "pricing[price]" });
    await expect(
      stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice" }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'due_date' or 'days_until_due'") });
  });
});

describe("finalizing and paying invoices", () => {
  it("finalizes without charging: number, hosted page, a PaymentIntent; never twice", async () => {
    const { customer, invoice } = await draftInvoice("pm_card_visa");
    const marker = await latestEventId();
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open).toMatchObject({ status: "open", attempted: false, attempt_count: 0, amount_due: 2000 });
    expect(open.number).toMatch(/-0001$/);
    expect(open.hosted_invoice_url).toBe(`${sandbox.url}/invoices/${invoice.id}`);
    expect(open.status_transitions.finalized_at).not.toBeNull();
    const [intent] = (await stripe.paymentIntents.list({ customer: customer.id })).data;
    expect(intent).toMatchObject({
      status: "requires_payment_method",
      amount: 2000,
      description: "Payment for Invoice",
    });
    expect(await eventTypesSince(marker)).toEqual(["payment_intent.created", "invoice.finalized"]);
    await expect(stripe.invoices.finalizeInvoice(invoice.id)).rejects.toMatchObject({
      statusCode: 400,
      code: "invoice_not_editable",
      message: "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
    });
  });

  it("pays with pm_card_visa: paid, with invoice.paid, invoice.payment_succeeded and invoice_payment.paid", async () => {
    const { paymentMethod, invoice } = await draftInvoice("pm_card_visa");
    const marker = await latestEventId();
    // Paying a draft finalizes it first, as the CLI's invoice.paid fixture relies on.
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: paymentMethod?.id ?? "" });
    expect(paid).toMatchObject({ status: "paid", amount_paid: 2000, attempted: true, attempt_count: 1 });
    expect(paid.status_transitions.paid_at).not.toBeNull();
    expect(await eventTypesSince(marker)).toEqual([
      "payment_intent.created",
      "invoice.finalized",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice_payment.paid",
    ]);
    const [payment] = (await stripe.invoicePayments.list({ invoice: invoice.id })).data;
    expect(payment).toMatchObject({ object: "invoice_payment", status: "paid", amount_paid: 2000, is_default: true });
    const announced = (await stripe.events.list({ type: "invoice_payment.paid", limit: 1 })).data[0];
    expect(announced?.data.object).toEqual(payment);
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({
      statusCode: 400,
      message: "Invoice is already paid",
    });
  });

  it("fails with pm_card_chargeCustomerFail: Stripe's 402 card_declined, the invoice stays open", async () => {
    const { paymentMethod, invoice } = await draftInvoice("pm_card_chargeCustomerFail");
    await stripe.invoices.finalizeInvoice(invoice.id);
    const marker = await latestEventId();
    const failure: unknown = await stripe.invoices
      .pay(invoice.id, { payment_method: paymentMethod?.id ?? "" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({
      statusCode: 402,
      type: "StripeCardError",
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
    const open = await stripe.invoices.retrieve(invoice.id);
    expect(open).toMatchObject({
      status: "open",
      attempted: true,
      attempt_count: 1,
      amount_paid: 0,
      amount_remaining: 2000,
    });
    expect(await eventTypesSince(marker)).toEqual([
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "invoice.updated",
    ]);
    const updated = (await stripe.events.list({ type: "invoice.updated", limit: 1 })).data[0];
    expect(updated?.data.object).toMatchObject({ id: invoice.id, attempt_count: 1, attempted: true });
    // A one-off invoice is not retried: only the attempt changed.
    expect(updated?.data.previous_attributes).toEqual({ attempt_count: 0, attempted: false });

    const recovered = await stripe.invoices.pay(invoice.id, { payment_method: "pm_card_visa" });
    expect(recovered).toMatchObject({ status: "paid", attempt_count: 2 });
  });

  it("pays a zero total on finalize", async () => {
    const customer = await stripe.customers.create({});
    const draft = await stripe.invoices.create({ customer: customer.id });
    const paid = await stripe.invoices.finalizeInvoice(draft.id);
    expect(paid).toMatchObject({ status: "paid", amount_due: 0, attempted: true, attempt_count: 0 });
  });

  it("bills pending items with the subscription's next renewal", async () => {
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 1000,
      recurring: { interval: "month" },
      product_data: { name: "Hosting" },
    });
    const customer = await stripe.customers.create({
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 300, currency: "usd" });
    const response = await fetch(`${sandbox.url}/_sandbox/subscriptions/${subscription.id}/renew`, { method: "POST" });
    const { invoice } = (await response.json()) as { invoice: Stripe.Invoice };
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", amount_paid: 1300 });
    expect(invoice.lines.data.map((line) => line.parent?.type)).toEqual([
      "invoice_item_details",
      "subscription_item_details",
    ]);
    expect(await stripe.invoiceItems.retrieve(item.id)).toMatchObject({ invoice: invoice.id });
  });
});
