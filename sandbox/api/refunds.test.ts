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

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error("expected a StripeError");
  return error;
}

async function paidIntent(amount: number): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
}

describe("refunds", () => {
  it("refunds partially, then the rest, and the charge shows amount_refunded", async () => {
    const intent = await paidIntent(5000);
    const partial = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 1500,
      reason: "requested_by_customer",
    });
    expect(partial).toMatchObject({
      object: "refund",
      amount: 1500,
      status: "succeeded",
      payment_intent: intent.id,
      reason: "requested_by_customer",
    });
    let charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 1500, refunded: false });

    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(3500);
    charge = await stripe.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data.map((refund) => refund.amount)).toEqual([3500, 1500]);

    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    expect(listed.data.map((refund) => refund.id)).toEqual([rest.id, partial.id]);

    const events = await stripe.events.list({ type: "charge.refunded" });
    const latest = events.data[0];
    expect(latest?.data.object).toMatchObject({ id: charge.id, amount_refunded: 5000, refunded: true });
    expect(latest?.data.previous_attributes).toEqual({ amount_refunded: 1500, refunded: false });
  });

  it("refuses refunds larger than what is left and repeated full refunds", async () => {
    const intent = await paidIntent(2000);
    const tooLarge = await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 2500 }));
    expect(tooLarge).toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      message: "Refund amount ($25.00) is greater than unrefunded amount on charge ($20.00)",
    });
    await stripe.refunds.create({ payment_intent: intent.id });
    const again = await rejection(stripe.refunds.create({ payment_intent: intent.id }));
    expect(again).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
  });

  it("refuses to refund an unpaid intent", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    const error = await rejection(stripe.refunds.create({ payment_intent: intent.id }));
    expect(error.message).toBe("This PaymentIntent does not have a successful charge to refund.");
  });
});
