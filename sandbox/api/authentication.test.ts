import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startTestSandbox, type TestAccount, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  alice = await sandbox.createAccount("Alice");
  bob = await sandbox.createAccount("Bob");
});
afterAll(() => sandbox.close());

async function expectStripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

describe("accounts and keys", () => {
  it("creates accounts with a test and a live key pair in Stripe formats", () => {
    expect(alice.id).toMatch(/^acct_/);
    expect(alice.name).toBe("Alice");
    expect(alice.keys.test.publishable).toMatch(/^pk_test_[A-Za-z0-9]+$/);
    expect(alice.keys.test.secret).toMatch(/^sk_test_[A-Za-z0-9]+$/);
    expect(alice.keys.live.publishable).toMatch(/^pk_live_[A-Za-z0-9]+$/);
    expect(alice.keys.live.secret).toMatch(/^sk_live_[A-Za-z0-9]+$/);
  });

  it("lists every account with its keys", async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/accounts`);
    const list = (await response.json()) as { data: TestAccount[] };
    expect(list.data.map((account) => account.id)).toEqual([alice.id, bob.id]);
    expect(list.data[1]?.keys.live.secret).toBe(bob.keys.live.secret);
  });
});

describe("the account of a key", () => {
  it("answers GET /v1/account with the key's own account, the same in both modes", async () => {
    const test = await sandbox.stripe(alice.keys.test.secret).accounts.retrieveCurrent();
    const live = await sandbox.stripe(alice.keys.live.secret).accounts.retrieveCurrent();
    const other = await sandbox.stripe(bob.keys.test.secret).accounts.retrieveCurrent();
    expect(test).toMatchObject({ id: alice.id, object: "account", business_profile: { name: "Alice" } });
    expect(live.id).toBe(alice.id);
    expect(other.id).toBe(bob.id);
  });

  it("refuses a publishable key there, as Stripe does", async () => {
    const error = await expectStripeError(sandbox.stripe(alice.keys.test.publishable).accounts.retrieveCurrent());
    expect(error.statusCode).toBe(401);
  });
});

describe("authentication errors", () => {
  it("answers a request without a key with 401", async () => {
    const response = await fetch(`${sandbox.url}/v1/customers`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^You did not provide an API key/);
  });

  it("rejects unknown and malformed keys with a masked 401", async () => {
    const error = await expectStripeError(sandbox.stripe("sk_test_doesnotexist1234").customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe("Invalid API Key provided: sk_test_************1234");
    const malformed = await fetch(`${sandbox.url}/v1/customers`, { headers: { Authorization: "Bearer nonsense" } });
    expect(malformed.status).toBe(401);
  });

  it("refuses a publishable key on secret-key endpoints", async () => {
    const error = await expectStripeError(
      sandbox.stripe(alice.keys.test.publishable).customers.create({ email: "a@example.com" }),
    );
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe("secret_key_required");
  });

  it("keeps test and live data apart and says so when the mode is wrong", async () => {
    const live = sandbox.stripe(alice.keys.live.secret);
    const test = sandbox.stripe(alice.keys.test.secret);
    const customer = await live.customers.create({ email: "live@example.com" });
    expect(customer.livemode).toBe(true);
    const error = await expectStripeError(test.customers.retrieve(customer.id));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
    expect(error.message).toBe(
      `No such customer: '${customer.id}'; a similar object exists in live mode, but a test mode key was used to make this request.`,
    );
    expect((await test.customers.list()).data).toHaveLength(0);
  });

  it("keeps accounts apart", async () => {
    const customer = await sandbox
      .stripe(alice.keys.test.secret)
      .customers.create({ email: "alice-shopper@example.com" });
    const error = await expectStripeError(sandbox.stripe(bob.keys.test.secret).customers.retrieve(customer.id));
    expect(error.statusCode).toBe(404);
    expect(error.message).toBe(`No such customer: '${customer.id}'`);
  });

  it("answers unknown endpoints like Stripe", async () => {
    const response = await fetch(`${sandbox.url}/v1/not_a_thing`, {
      headers: { Authorization: `Bearer ${alice.keys.test.secret}` },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/not_a_thing\)/);
  });
});
