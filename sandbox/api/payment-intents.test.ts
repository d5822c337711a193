import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { publishableCall, startTestSandbox, type TestAccount, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let account: TestAccount;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  account = await sandbox.createAccount();
  stripe = sandbox.stripe(account.keys.test.secret);
});
afterAll(() => sandbox.close());

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error("expected a StripeError");
  return error;
}

/** Creates a card PaymentMethod the way Stripe.js does: publishable key, raw card details. */
async function cardPaymentMethod(number: string): Promise<string> {
  const result = await publishableCall(sandbox.url, account.keys.test.publishable, "POST", "/v1/payment_methods", {
    type: "card",
    card: { number, exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" },
    billing_details: { address: { postal_code: "94103" } },
  });
  expect(result.status).toBe(200);
  return String(result.json.id);
}

/** Confirms with the publishable key and client secret, as Stripe.js' confirmPayment does. */
async function confirmAsBrowser(intent: Stripe.PaymentIntent, paymentMethod: string) {
  return publishableCall(
    sandbox.url,
    account.keys.test.publishable,
    "POST",
    `/v1/payment_intents/${intent.id}/confirm`,
    {
      client_secret: intent.client_secret,
      payment_method: paymentMethod,
      return_url: "https://shop.example/return",
    },
  );
}

describe("PaymentIntents", () => {
  it("creates, retrieves, updates and lists", async () => {
    const created = await stripe.paymentIntents.create({
      amount: 1999,
      currency: "USD",
      metadata: { order_id: "ord_1" },
      description: "Order 1",
    });
    expect(created).toMatchObject({
      object: "payment_intent",
      amount: 1999,
      currency: "usd",
      status: "requires_payment_method",
      livemode: false,
      metadata: { order_id: "ord_1" },
      automatic_payment_methods: { enabled: true },
    });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    const updated = await stripe.paymentIntents.update(created.id, { amount: 2500, metadata: { store_id: "s1" } });
    expect(updated.amount).toBe(2500);
    expect(updated.metadata).toEqual({ order_id: "ord_1", store_id: "s1" });
    expect((await stripe.paymentIntents.retrieve(created.id)).amount).toBe(2500);
    const listed = await stripe.paymentIntents.list({ limit: 1 });
    expect(listed.data[0]?.id).toBe(created.id);
  });

  it("paginates with limit, starting_after and ending_before", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await stripe.customers.create({ email: `page${index}@example.com` })).id);
    }
    const newest = [...ids].reverse();
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.data.map((customer) => customer.id)).toEqual(newest.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 2, starting_after: newest[1] });
    expect(second.data.map((customer) => customer.id)).toEqual(newest.slice(2, 4));
    const last = await stripe.customers.list({ limit: 2, starting_after: newest[3] });
    expect(last.data.map((customer) => customer.id)).toEqual(newest.slice(4));
    expect(last.has_more).toBe(false);
    const back = await stripe.customers.list({ limit: 2, ending_before: newest[4] });
    expect(back.data.map((customer) => customer.id)).toEqual(newest.slice(2, 4));
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
    expect(all).toEqual(newest);
  });

  it("pays with 4242 4242 4242 4242 and expands the charge", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    const paymentMethod = await cardPaymentMethod("4242 4242 4242 4242");
    const result = await confirmAsBrowser(intent, paymentMethod);
    expect(result.status).toBe(200);
    expect(result.json.status).toBe("succeeded");
    const paid = await stripe.paymentIntents.retrieve(intent.id, {
      expand: ["latest_charge.balance_transaction", "payment_method"],
    });
    expect(paid.amount_received).toBe(2000);
    const charge = paid.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: "charge",
      status: "succeeded",
      paid: true,
      captured: true,
      amount: 2000,
      payment_intent: intent.id,
    });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect(charge.balance_transaction).toMatchObject({
      object: "balance_transaction",
      amount: 2000,
      fee: 88,
      net: 1912,
    });
    expect((paid.payment_method as Stripe.PaymentMethod).card?.brand).toBe("visa");
  });

  it.each([
    ["4000 0000 0000 0002", "card_declined", "generic_decline", "Your card was declined."],
    ["4000 0000 0000 9995", "card_declined", "insufficient_funds", "Your card has insufficient funds."],
  ])("declines %s with %s/%s", async (number, code, declineCode, message) => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    const paymentMethod = await cardPaymentMethod(number);
    const result = await confirmAsBrowser(intent, paymentMethod);
    expect(result.status).toBe(402);
    expect(result.json.error).toMatchObject({ type: "card_error", code, decline_code: declineCode, message });
    const failed = await stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge"] });
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error).toMatchObject({ type: "card_error", code, decline_code: declineCode });
    expect((failed.latest_charge as Stripe.Charge).status).toBe("failed");
    const events = await stripe.events.list({ limit: 5 });
    expect(events.data.slice(0, 2).map((event) => event.type)).toEqual([
      "payment_intent.payment_failed",
      "charge.failed",
    ]);
  });

  it("surfaces declines to the SDK as StripeCardError with the PaymentIntent", async () => {
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 2000,
        currency: "usd",
        payment_method: "pm_card_chargeDeclined",
        confirm: true,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.decline_code).toBe("generic_decline");
    expect(error.payment_intent?.status).toBe("requires_payment_method");
  });

  it("asks 4000 0025 0000 3155 for 3-D Secure and succeeds once authenticated", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    const result = await confirmAsBrowser(intent, await cardPaymentMethod("4000002500003155"));
    expect(result.json.status).toBe("requires_action");
    const nextAction = result.json.next_action as {
      type: string;
      redirect_to_url: { url: string; return_url: string };
    };
    expect(nextAction.type).toBe("redirect_to_url");
    expect(nextAction.redirect_to_url.return_url).toBe("https://shop.example/return");
    expect(nextAction.redirect_to_url.url).toContain(`/3ds/${intent.id}`);
    const answer = await fetch(`${sandbox.url}/_sandbox/payment_intents/${intent.id}/authenticate`, {
      method: "POST",
      body: "outcome=complete",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(200);
    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge"] });
    expect(paid.status).toBe("succeeded");
    expect((paid.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure?.result).toBe(
      "authenticated",
    );
  });

  it("fails 3-D Secure when the shopper cancels the challenge", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: "usd" });
    await confirmAsBrowser(intent, await cardPaymentMethod("4000002500003155"));
    await fetch(`${sandbox.url}/_sandbox/payment_intents/${intent.id}/authenticate`, {
      method: "POST",
      body: "outcome=fail",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const failed = await stripe.paymentIntents.retrieve(intent.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect(failed.latest_charge).toBeNull();
  });

  it("lets the publishable key read an intent only with its client secret", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const ok = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "GET",
      `/v1/payment_intents/${intent.id}`,
      { client_secret: intent.client_secret },
    );
    expect(ok.status).toBe(200);
    const wrong = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "GET",
      `/v1/payment_intents/${intent.id}`,
      { client_secret: "pi_x_secret_y" },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.json.error?.param).toBe("client_secret");
  });

  it("cancels, and refuses to cancel or confirm a finished intent", async () => {
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(
      (await stripe.events.list({ type: "payment_intent.canceled", limit: 1 })).data[0]?.data.object,
    ).toMatchObject({ id: open.id, status: "canceled" });
    const paid = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: "https://shop.example/return",
    });
    const cancelError = await rejection(stripe.paymentIntents.cancel(paid.id));
    expect(cancelError.statusCode).toBe(400);
    expect(cancelError.code).toBe("payment_intent_unexpected_state");
    const confirmError = await rejection(
      stripe.paymentIntents.confirm(paid.id, {
        payment_method: "pm_card_visa",
        return_url: "https://shop.example/return",
      }),
    );
    expect(confirmError.code).toBe("payment_intent_unexpected_state");
  });

  it("validates parameters like Stripe", async () => {
    const missing = await rejection(
      stripe.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams),
    );
    expect(missing).toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "amount",
      message: "Missing required param: amount.",
    });
    const small = await rejection(stripe.paymentIntents.create({ amount: 10, currency: "usd" }));
    expect(small).toMatchObject({ code: "amount_too_small", param: "amount" });
    const unknown = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        colour: "blue",
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown).toMatchObject({ code: "parameter_unknown", message: "Received unknown parameter: colour" });
    const noSuch = await rejection(stripe.paymentIntents.retrieve("pi_doesnotexist"));
    expect(noSuch).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such payment_intent: 'pi_doesnotexist'",
    });
    const badCard = await publishableCall(sandbox.url, account.keys.test.publishable, "POST", "/v1/payment_methods", {
      type: "card",
      card: { number: "4242424242424241", exp_month: 12, exp_year: 2040, cvc: "123" },
    });
    expect(badCard.status).toBe(402);
    expect(badCard.json.error).toMatchObject({ type: "card_error", code: "incorrect_number" });
  });

  it("captures manually captured intents", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
      allowed_payment_method_types: ["card"],
    });
    expect(intent.status).toBe("requires_capture");
    expect(intent.amount_capturable).toBe(5000);
    const captured = await stripe.paymentIntents.capture(intent.id);
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 5000, amount_capturable: 0 });
  });
});
