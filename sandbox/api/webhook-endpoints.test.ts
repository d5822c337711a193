import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startTestSandbox, type TestSandbox } from "../testing/harness";
import { STRIPE_EVENT_TYPES } from "../vocabulary/stripe-vocabulary.generated";

let sandbox: TestSandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = sandbox.stripe((await sandbox.createAccount()).keys.test.secret);
});
afterAll(() => sandbox.close());

/** The SDK's types already refuse these; the sandbox must refuse them from any client. */
function untyped(type: string): Stripe.WebhookEndpointCreateParams.EnabledEvent {
  return type as Stripe.WebhookEndpointCreateParams.EnabledEvent;
}

describe("webhook endpoint enabled_events", () => {
  it("accepts '*' and any Stripe event type", async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: "https://shop.example/hooks",
      enabled_events: ["invoice_payment.paid", "payment_intent.succeeded", "invoice.updated"],
    });
    expect(endpoint.enabled_events).toEqual(["invoice_payment.paid", "payment_intent.succeeded", "invoice.updated"]);
    const everything = await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ["*"] });
    expect(everything.enabled_events).toEqual(["*"]);
  });

  it("refuses a type Stripe does not send, naming the entry, with Stripe's list", async () => {
    const refusal = {
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "parameter_invalid",
      param: "enabled_events[1]",
      message: `Invalid enabled_events[1]: must be one of ${STRIPE_EVENT_TYPES.join(", ")}`,
    };
    for (const wrong of ["payment_intent.succeded", "payment_intent.updated", "payment_intent.failed"]) {
      await expect(
        stripe.webhookEndpoints.create({
          url: "https://shop.example/hooks",
          enabled_events: ["charge.succeeded", untyped(wrong)],
        }),
      ).rejects.toMatchObject(refusal);
    }
    expect(refusal.message).toMatch(/^Invalid enabled_events\[1\]: must be one of account\.application\.authorized, /);

    const endpoint = await stripe.webhookEndpoints.create({
      url: "https://shop.example/hooks",
      enabled_events: ["charge.succeeded"],
    });
    await expect(
      stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ["invoice.paid", untyped("*.*")] }),
    ).rejects.toMatchObject(refusal);
    await expect(
      stripe.webhookEndpoints.update(endpoint.id, { enabled_events: [untyped("Charge.Succeeded")] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "enabled_events[0]" });
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).enabled_events).toEqual(["charge.succeeded"]);
  });
});
