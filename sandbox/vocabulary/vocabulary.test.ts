import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recordEvent } from "../core/events";
import { emptyLedger } from "../core/state";
import { GENERATED_FILE, readStripeVocabulary, renderVocabulary } from "./read-sdk-types";
import {
  CHECKOUT_UI_MODES,
  STRIPE_EVENT_TYPE_SET,
  STRIPE_EVENT_TYPES,
  STRIPE_SDK_VERSION,
} from "./stripe-vocabulary.generated";

describe("the Stripe vocabulary", () => {
  it("is what the installed stripe package declares (after an upgrade: npm run sandbox:vocabulary)", async () => {
    const vocabulary = readStripeVocabulary();
    expect(STRIPE_SDK_VERSION).toBe(vocabulary.sdkVersion);
    expect(readFileSync(GENERATED_FILE, "utf8")).toBe(await renderVocabulary(vocabulary));
  });

  it("lists Stripe's event types, sorted, and nothing else", () => {
    expect([...STRIPE_EVENT_TYPES]).toEqual([...STRIPE_EVENT_TYPES].sort());
    expect(STRIPE_EVENT_TYPE_SET.size).toBe(STRIPE_EVENT_TYPES.length);
    for (const type of ["payment_intent.succeeded", "invoice_payment.paid", "invoice.updated", "charge.failed"])
      expect(STRIPE_EVENT_TYPE_SET.has(type), type).toBe(true);
    // Not Stripe events: no such type, a typo, the subscribe-to-everything wildcard.
    for (const type of ["payment_intent.updated", "payment_intent.failed", "payment_intent.succeded", "*"])
      expect(STRIPE_EVENT_TYPE_SET.has(type), type).toBe(false);
  });

  it("lists Checkout's UI modes without the SDK's open-ended string", () => {
    expect(CHECKOUT_UI_MODES).toEqual(expect.arrayContaining(["hosted_page", "embedded_page", "elements", "form"]));
    // The names before the 2026 API versions are gone.
    for (const old of ["hosted", "embedded", "custom"]) expect(CHECKOUT_UI_MODES, old).not.toContain(old);
  });

  it("is all the sandbox may emit: recordEvent refuses any other type", () => {
    const ledger = emptyLedger("acct_vocabulary", "test");
    const request = { id: null, idempotency_key: null };
    expect(recordEvent(ledger, "invoice_payment.paid", { id: "inpay_1" }, request).type).toBe("invoice_payment.paid");
    for (const type of ["payment_intent.updated", "invoiceitem.updated", "checkout.session.updated", "*"]) {
      expect(() => recordEvent(ledger, type, { id: "x" }, request)).toThrow(
        `\`${type}\`, which is not a Stripe event type`,
      );
    }
    expect(Object.values(ledger.events).map((event) => event.type)).toEqual(["invoice_payment.paid"]);
  });
});
