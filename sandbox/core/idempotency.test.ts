import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startTestSandbox, type TestAccount, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let account: TestAccount;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  account = await sandbox.createAccount();
  stripe = sandbox.stripe(account.keys.test.secret);
});
afterAll(() => sandbox.close());

function post(path: string, body: string, key: string) {
  return fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${account.keys.test.secret}`,
      "Content-Type": "application/x-www-form-urlencoded",
      "Idempotency-Key": key,
    },
    body,
  });
}

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and parameters", async () => {
    const first = await stripe.paymentIntents.create(
      { amount: 1000, currency: "usd", metadata: { order: "7" } },
      { idempotencyKey: "order-7" },
    );
    const second = await stripe.paymentIntents.create(
      { amount: 1000, currency: "usd", metadata: { order: "7" } },
      { idempotencyKey: "order-7" },
    );
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.paymentIntents.list()).data.filter((intent) => intent.metadata.order === "7")).toHaveLength(1);
    const created = await stripe.events.list({ type: "payment_intent.created" });
    expect(created.data.filter((event) => (event.data.object as Stripe.PaymentIntent).id === first.id)).toHaveLength(1);
  });

  it("answers a reused key with other parameters with 400 idempotency_error", async () => {
    await stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: "customer-key" });
    const error: unknown = await stripe.customers
      .create({ email: "two@example.com" }, { idempotencyKey: "customer-key" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError" });
    expect((error as Error).message).toMatch(/^Keys for idempotent requests can only be used with the same parameters/);
  });

  it("refuses a key reused on another endpoint", async () => {
    expect((await post("/v1/customers", "email=a%40example.com", "shared")).status).toBe(200);
    const response = await post("/v1/products", "name=Book", "shared");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("idempotency_error");
    expect(body.error.message).toContain("'POST /v1/customers' vs 'POST /v1/products'");
  });

  it("replays card errors but not validation errors", async () => {
    const decline =
      "amount=1000&currency=usd&payment_method_types[]=card&payment_method=pm_card_chargeDeclined&confirm=true";
    const first = await post("/v1/payment_intents", decline, "decline-key");
    const again = await post("/v1/payment_intents", decline, "decline-key");
    expect(first.status).toBe(402);
    expect(again.status).toBe(402);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());

    const invalid = await post("/v1/payment_intents", "currency=usd", "fix-me");
    expect(invalid.status).toBe(400);
    const fixed = await post("/v1/payment_intents", "currency=usd", "fix-me");
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  it("scopes keys per account", async () => {
    const other = await sandbox.createAccount();
    const mine = await stripe.products.create({ name: "Mine" }, { idempotencyKey: "product-1" });
    const theirs = await sandbox
      .stripe(other.keys.test.secret)
      .products.create({ name: "Theirs" }, { idempotencyKey: "product-1" });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.name).toBe("Theirs");
  });
});
