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

describe("customers", () => {
  it("creates, updates, lists by email, deletes, with events", async () => {
    const customer = await stripe.customers.create({
      email: "ada@example.com",
      name: "Ada",
      metadata: { store_id: "s1" },
    });
    expect(customer).toMatchObject({
      object: "customer",
      email: "ada@example.com",
      name: "Ada",
      livemode: false,
      metadata: { store_id: "s1" },
    });
    const updated = await stripe.customers.update(customer.id, {
      name: "Ada Lovelace",
      metadata: { store_id: "", plan: "pro" },
    });
    expect(updated).toMatchObject({ name: "Ada Lovelace", metadata: { plan: "pro" } });
    expect((await stripe.customers.list({ email: "ada@example.com" })).data.map((item) => item.id)).toEqual([
      customer.id,
    ]);
    const updateEvent = (await stripe.events.list({ type: "customer.updated", limit: 1 })).data[0];
    expect(updateEvent?.data.previous_attributes).toMatchObject({ name: "Ada" });
    expect(await stripe.customers.del(customer.id)).toEqual({ id: customer.id, object: "customer", deleted: true });
    await expect(stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await stripe.events.list({ type: "customer.deleted" })).data).toHaveLength(1);
  });

  it("attaches and detaches payment methods and sets the default", async () => {
    const customer = await stripe.customers.create({ email: "pm@example.com" });
    const paymentMethod = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    await stripe.paymentMethods.attach(paymentMethod.id, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: paymentMethod.id } });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: paymentMethod.id },
    });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((item) => item.id)).toEqual([
      paymentMethod.id,
    ]);
    const declining = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_chargeDeclined" } });
    await expect(stripe.paymentMethods.attach(declining.id, { customer: customer.id })).rejects.toMatchObject({
      statusCode: 402,
      code: "card_declined",
    });
    const detached = await stripe.paymentMethods.detach(paymentMethod.id);
    expect(detached.customer).toBeNull();
  });
});

describe("products and prices", () => {
  it("creates a product with a default price, updates, lists and filters", async () => {
    const product = await stripe.products.create({
      name: "Field guide",
      default_price_data: { currency: "eur", unit_amount: 1200 },
      metadata: { sku: "fg-1" },
    });
    expect(product).toMatchObject({ object: "product", name: "Field guide", active: true, metadata: { sku: "fg-1" } });
    const price = await stripe.prices.retrieve(String(product.default_price));
    expect(price).toMatchObject({
      object: "price",
      currency: "eur",
      unit_amount: 1200,
      type: "one_time",
      product: product.id,
    });
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: "eur",
      unit_amount: 300,
      recurring: { interval: "month" },
      lookup_key: "guide_monthly",
    });
    expect(monthly).toMatchObject({ type: "recurring", recurring: { interval: "month", interval_count: 1 } });
    expect((await stripe.prices.list({ lookup_keys: ["guide_monthly"] })).data.map((item) => item.id)).toEqual([
      monthly.id,
    ]);
    expect((await stripe.prices.list({ product: product.id, type: "one_time" })).data.map((item) => item.id)).toEqual([
      price.id,
    ]);
    await expect(
      stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 400, lookup_key: "guide_monthly" }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const archived = await stripe.products.update(product.id, { active: false, name: "Field guide (old)" });
    expect(archived).toMatchObject({ active: false, name: "Field guide (old)" });
    expect((await stripe.products.list({ active: true })).data.map((item) => item.id)).not.toContain(product.id);
    const deactivated = await stripe.prices.update(monthly.id, { active: false });
    expect(deactivated.active).toBe(false);
    await expect(stripe.products.del(product.id)).rejects.toMatchObject({ statusCode: 400 });
    const bare = await stripe.products.create({ name: "Draft" });
    expect(await stripe.products.del(bare.id)).toMatchObject({ id: bare.id, deleted: true });
    const types = (await stripe.events.list({ limit: 20 })).data.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "product.created",
        "price.created",
        "product.updated",
        "price.updated",
        "product.deleted",
      ]),
    );
  });

  it("rejects expansions of fields that hold no object", async () => {
    const product = await stripe.products.create({ name: "Plain" });
    await expect(stripe.products.retrieve(product.id, { expand: ["nonsense"] })).rejects.toMatchObject({
      statusCode: 400,
      param: "expand",
    });
  });
});
