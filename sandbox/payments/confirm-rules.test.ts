import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { publishableCall, startTestSandbox, type TestAccount, type TestSandbox } from "../testing/harness";
import { SUCCEEDING_ACCOUNT, TEST_ROUTING_NUMBER } from "./bank-accounts";

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

const RETURN_URL_REQUIRED =
  "This PaymentIntent is configured to accept payment methods enabled in your Dashboard, because `automatic_payment_methods[enabled]` is set to `true`. Some of these payment methods may redirect your customer off of your page to complete the payment, so you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[allow_redirects]` to `never` when creating the Setup Intent and Payment Intent.";

const RAW_CARD_TEST_MODE =
  "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.";

const RAW_CARD = { number: "4242424242424242", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" };

async function intentCount(): Promise<number> {
  return (await stripe.paymentIntents.list({ limit: 100 })).data.length;
}

describe("return_url on server-side confirms", () => {
  it("refuses create-and-confirm with automatic payment methods and no return_url, creating nothing", async () => {
    const before = await intentCount();
    const error = await rejection(
      stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      param: "return_url",
      message: RETURN_URL_REQUIRED,
    });
    expect(error.raw).toMatchObject({ type: "invalid_request_error" });
    expect(await intentCount()).toBe(before);
  });

  it("refuses /confirm with the secret key and leaves the intent as it was", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: true },
    });
    const error = await rejection(stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" }));
    expect(error).toMatchObject({ statusCode: 400, param: "return_url", message: RETURN_URL_REQUIRED });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: "requires_payment_method", latest_charge: null, payment_method: null });
  });

  it("confirms with a return_url, with allow_redirects=never, or with explicit types", async () => {
    const withReturnUrl = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: "https://shop.example/return",
    });
    expect(withReturnUrl.status).toBe("succeeded");

    const never = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(never.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "never" });
    expect((await stripe.paymentIntents.confirm(never.id, { payment_method: "pm_card_visa" })).status).toBe(
      "succeeded",
    );

    const legacyTypes = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method_types: ["card"],
      payment_method: "pm_card_visa",
      confirm: true,
    } as Stripe.PaymentIntentCreateParams);
    expect(legacyTypes.status).toBe("succeeded");

    const allowed = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      allowed_payment_method_types: ["card"],
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(allowed.status).toBe("succeeded");
  });

  it("lets Stripe.js confirm with the publishable key without a return_url", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const confirmed = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "POST",
      `/v1/payment_intents/${intent.id}/confirm`,
      { client_secret: intent.client_secret, payment_method: "pm_card_visa" },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.status).toBe("succeeded");
  });
});

describe("raw card numbers", () => {
  it("refuses card[number] on /v1/payment_methods with a secret key: 402 invalid_request_error", async () => {
    const error = await rejection(stripe.paymentMethods.create({ type: "card", card: RAW_CARD }));
    // The SDK picks its error class from the HTTP status: a 402 is a StripeCardError.
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.message).toBe(RAW_CARD_TEST_MODE);
    expect(error.raw).toMatchObject({ type: "invalid_request_error" });

    const live = await rejection(
      sandbox.stripe(account.keys.live.secret).paymentMethods.create({ type: "card", card: RAW_CARD }),
    );
    expect(live.statusCode).toBe(402);
    expect(live.message).toMatch(
      /^Sending credit card numbers directly to the Stripe API is generally unsafe\. To continue/,
    );
  });

  it("refuses payment_method_data[card][number] on create and confirm, creating nothing", async () => {
    const before = await intentCount();
    const created = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        payment_method_data: { type: "card", card: RAW_CARD } as Stripe.PaymentIntentCreateParams.PaymentMethodData,
        confirm: true,
        return_url: "https://shop.example/return",
      }),
    );
    expect(created).toMatchObject({ statusCode: 402, message: RAW_CARD_TEST_MODE });
    expect(await intentCount()).toBe(before);

    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const confirmed = await rejection(
      stripe.paymentIntents.confirm(intent.id, {
        payment_method_data: { type: "card", card: RAW_CARD } as Stripe.PaymentIntentConfirmParams.PaymentMethodData,
        return_url: "https://shop.example/return",
      }),
    );
    expect(confirmed).toMatchObject({ statusCode: 402, message: RAW_CARD_TEST_MODE });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });

  it("accepts test tokens with the secret key and raw numbers from Stripe.js", async () => {
    const fromToken = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    expect(fromToken.card?.last4).toBe("4242");
    const fromBrowser = await publishableCall(
      sandbox.url,
      account.keys.test.publishable,
      "POST",
      "/v1/payment_methods",
      {
        type: "card",
        card: RAW_CARD,
      },
    );
    expect(fromBrowser.status).toBe(200);
    expect(fromBrowser.json.id).toMatch(/^pm_/);
  });
});

describe("payment_method_types", () => {
  it("lists what automatic payment methods offer for the currency", async () => {
    const usd = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    expect(usd.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "always" });
    expect(usd.payment_method_types).toEqual(["card", "us_bank_account"]);
    const eur = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    expect(eur.payment_method_types).toEqual(["card"]);
    const moved = await stripe.paymentIntents.update(usd.id, { currency: "gbp" });
    expect(moved.payment_method_types).toEqual(["card"]);
    const off = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: false },
    });
    expect(off).toMatchObject({ automatic_payment_methods: null, payment_method_types: ["card"] });
  });

  it("echoes explicit types and turns automatic payment methods off", async () => {
    const legacy = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method_types: ["us_bank_account"],
    } as Stripe.PaymentIntentCreateParams);
    expect(legacy).toMatchObject({
      automatic_payment_methods: null,
      allowed_payment_method_types: null,
      payment_method_types: ["us_bank_account"],
    });
    const allowed = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "eur",
      allowed_payment_method_types: ["card", "us_bank_account"],
    });
    expect(allowed).toMatchObject({
      automatic_payment_methods: null,
      allowed_payment_method_types: ["card", "us_bank_account"],
      payment_method_types: ["card"],
    });
    const both = await rejection(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        allowed_payment_method_types: ["card"],
        automatic_payment_methods: { enabled: true },
      }),
    );
    expect(both).toMatchObject({ statusCode: 400, param: "automatic_payment_methods" });
  });

  it("pays with an ACH debit under automatic payment methods in usd, and refuses one the intent does not offer", async () => {
    const bank = await stripe.paymentMethods.create({
      type: "us_bank_account",
      us_bank_account: { account_number: SUCCEEDING_ACCOUNT, routing_number: TEST_ROUTING_NUMBER },
      billing_details: { name: "Ada Shopper" },
    });
    const usd = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const processing = await stripe.paymentIntents.confirm(usd.id, {
      payment_method: bank.id,
      return_url: "https://shop.example/return",
    });
    expect(processing.status).toBe("processing");

    const cardOnly = await stripe.paymentIntents.create({ amount: 1000, currency: "eur" });
    const refused = await rejection(
      stripe.paymentIntents.confirm(cardOnly.id, {
        payment_method: bank.id,
        return_url: "https://shop.example/return",
      }),
    );
    expect(refused).toMatchObject({ statusCode: 400, code: "payment_intent_incompatible_payment_method" });
  });
});

describe("updates", () => {
  it("send no event: payment_intent.updated is not a Stripe event type", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const updated = await stripe.paymentIntents.update(intent.id, { amount: 1200, metadata: { order: "7" } });
    expect(updated).toMatchObject({ amount: 1200, metadata: { order: "7" } });
    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    expect(types).toContain("payment_intent.created");
    expect(types).not.toContain("payment_intent.updated");
  });
});
