import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  billingCustomers,
  billingEvents,
  billingInvoices,
  billingSubscriptions,
  billingTransactions,
  billingWebhookProblems,
  emailOutbox,
  stores,
  type User,
} from "@/db/schema";
import { getDb } from "@/lib/db";
import {
  createSandboxPlatform,
  currentPlatformKeys,
  deliver,
  hostingPrice,
  latestEvent,
  renewOnSandbox,
  setPlatformKeys,
  subscribedStore,
  type SandboxPlatform,
} from "@/test/billing-platform";
import { createOwnerWithStore } from "@/test/factories";
import { postgresUrl, waitUntilBlocked, watcher } from "@/test/overlap";
import { sandboxStripe } from "@/test/sandbox-account";
import { signed, testSecret } from "@/test/stripe-events";
import { STORE_METADATA_KEY } from "./mirror";
import { PAYMENT_FAILED_MAIL_KIND } from "./notifications";
import { loadStoreBilling, startPlanCheckout } from "./owner-billing";
import { lookupKeyOf, syncPlans, type PlanInterval, type PlanKey } from "./plans";
import { storeBillingStanding } from "./standing";
import { receiveBillingWebhook } from "./webhook";

/*
 * /api/billing/webhooks/stripe/ against the platform's own account in the sandbox: real
 * Checkout, subscriptions, renewals and invoices made with the SDK, and the sandbox's own
 * events for them, signed with the platform secret and handed to receiveBillingWebhook.
 */

// Lets the overlap test hold the delivery that stored the event inside its transaction.
const hold = vi.hoisted(() => ({ invoiceId: "", whileOpen: async (pid: number) => void pid }));
vi.mock("./notifications", async (importOriginal) => {
  const original = await importOriginal<typeof import("./notifications")>();
  type Args = Parameters<typeof original.queuePaymentFailedMail>;
  return {
    ...original,
    queuePaymentFailedMail: async (executor: Args[0], args: Args[1]) => {
      if (hold.invoiceId && args.invoice.id === hold.invoiceId) {
        hold.invoiceId = "";
        // node-postgres answers `{ rows }`; the driver-neutral type does not say so.
        const result = (await executor.execute(sql`select pg_backend_pid() as pid`)) as unknown as {
          rows: { pid: number }[];
        };
        await hold.whileOpen(Number(result.rows[0]?.pid));
      }
      return original.queuePaymentFailedMail(executor, args);
    },
  };
});

const saved = currentPlatformKeys();
let platform: SandboxPlatform;
let stripe: Stripe;
const planPrices = new Map<string, Stripe.Price>();

beforeAll(async () => {
  await getDb();
  platform = await createSandboxPlatform();
  stripe = platform.stripe;
  await syncPlans();
  for (const price of (await stripe.prices.list({ active: true, limit: 100 })).data) {
    if (price.lookup_key) planPrices.set(price.lookup_key, price);
  }
});
afterAll(() => setPlatformKeys(saved));

function planPrice(plan: PlanKey, interval: PlanInterval): Stripe.Price {
  const price = planPrices.get(lookupKeyOf(plan, interval));
  if (!price) throw new Error(`syncPlans made no ${plan} ${interval} price`);
  return price;
}

/** Pays an open Checkout Session on the sandbox's hosted page, as the owner's browser would. */
async function payOnHostedPage(url: string, email: string) {
  const response = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      email,
      number: "4242424242424242",
      expiry: "12 / 34",
      cvc: "123",
      name: "Owner",
      postal: "94103",
    }).toString(),
  });
  expect(response.status).toBe(303);
}

/** A subscribed store whose renewal was just declined: its open invoice, nothing delivered yet. */
async function failedRenewal() {
  const subscribed = await subscribedStore(planPrice("starter", "month"));
  const { invoice } = await renewOnSandbox(subscribed.subscription.id, "fail");
  if (!invoice?.id) throw new Error("the renewal made no invoice");
  return { ...subscribed, invoice: await stripe.invoices.retrieve(invoice.id) };
}

async function subscriptionRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(billingSubscriptions).where(eq(billingSubscriptions.stripeSubscriptionId, id));
  return row ?? null;
}

async function invoiceRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(billingInvoices).where(eq(billingInvoices.stripeInvoiceId, id));
  return row ?? null;
}

async function customerRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.stripeCustomerId, id));
  return row ?? null;
}

async function eventRows(id: string) {
  const db = await getDb();
  return db.select().from(billingEvents).where(eq(billingEvents.stripeEventId, id));
}

async function paymentFailedMails(owner: User) {
  const db = await getDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, PAYMENT_FAILED_MAIL_KIND), eq(emailOutbox.toAddress, owner.email)));
}

/** How many refusals with this diagnosis the staff console has been told about, over all hours. */
async function problemCount(code: string): Promise<number> {
  const db = await getDb();
  const rows = await db.select().from(billingWebhookProblems).where(eq(billingWebhookProblems.diagnosisCode, code));
  return rows.reduce((sum, row) => sum + row.count, 0);
}

const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

describe("checkout.session.completed", () => {
  it("links the customer Checkout created, and its subscription, to the store, which is active", async () => {
    const { user, store } = await createOwnerWithStore();
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: planPrice("pro", "month").id, quantity: 1 }],
      customer_email: user.email,
      client_reference_id: store.id,
      metadata: { [STORE_METADATA_KEY]: store.id },
      success_url: "http://localhost:3000/billing/done",
    });
    await payOnHostedPage(session.url ?? "", user.email);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    const customerId = String(completed.customer);
    const subscriptionId = String(completed.subscription);
    // Checkout made the customer: nothing in Stripe or here ties it to the store but the session.
    expect(((await stripe.customers.retrieve(customerId)) as Stripe.Customer).metadata).toEqual({});
    expect(await customerRow(customerId)).toBeNull();

    // Stripe sends the subscription's creation before the session's completion.
    expect(await deliver(await latestEvent("customer.subscription.created", subscriptionId))).toMatchObject({
      status: 200,
    });
    const answer = await deliver(await latestEvent("checkout.session.completed", session.id));
    expect(answer).toMatchObject({ status: 200, body: { received: true, duplicate: false } });

    expect(await customerRow(customerId)).toMatchObject({ storeId: store.id, email: user.email });
    expect(await subscriptionRow(subscriptionId)).toMatchObject({
      storeId: store.id,
      status: "active",
      stripePriceId: planPrice("pro", "month").id,
    });
    expect(await storeBillingStanding(store)).toMatchObject({ kind: "active", hold: null });
    const db = await getDb();
    const [row] = await db.select().from(stores).where(eq(stores.id, store.id));
    expect(row).toMatchObject({ billingHoldSince: null, billingHoldReason: null });
  });

  it("activates the plan chosen on the billing page: the page shows it with its invoice", async () => {
    const { user, store } = await createOwnerWithStore();
    expect((await loadStoreBilling(user, store.id)).standing.kind).toBe("trial");
    const { url } = await startPlanCheckout(user, { storeId: store.id, plan: "pro", interval: "year" });
    await payOnHostedPage(url, user.email);
    const sessionId = new URL(url).pathname.split("/").at(-1) ?? "";
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    expect(session).toMatchObject({ status: "complete", client_reference_id: store.id });

    expect(await deliver(await latestEvent("checkout.session.completed", session.id))).toMatchObject({ status: 200 });
    const invoiceId = String(session.invoice);
    expect(await deliver(await latestEvent("invoice.payment_succeeded", invoiceId))).toMatchObject({ status: 200 });

    const billing = await loadStoreBilling(user, store.id);
    expect(billing.standing.kind).toBe("active");
    expect(billing.currentLookupKey).toBe(lookupKeyOf("pro", "year"));
    expect(billing.hasCustomer).toBe(true);
    const invoice = await stripe.invoices.retrieve(invoiceId);
    expect(billing.invoices).toEqual([
      expect.objectContaining({
        stripeInvoiceId: invoiceId,
        status: "paid",
        amountPaid: 29000,
        hostedInvoiceUrl: invoice.hosted_invoice_url,
      }),
    ]);
  });
});

describe("customer.subscription.created, updated and deleted", () => {
  it("mirror the status, price, period dates and cancel_at_period_end Stripe holds", async () => {
    const { store, subscription } = await subscribedStore(planPrice("starter", "month"));
    const item = subscription.items.data[0]!;
    expect(await deliver(await latestEvent("customer.subscription.created", subscription.id))).toMatchObject({
      status: 200,
      body: { duplicate: false },
    });
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      storeId: store.id,
      status: "active",
      stripePriceId: planPrice("starter", "month").id,
      currentPeriodStart: at(item.current_period_start),
      currentPeriodEnd: at(item.current_period_end),
      cancelAtPeriodEnd: false,
      canceledAt: null,
      endedAt: null,
    });

    // A plan change.
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: planPrice("pro", "month").id }],
    });
    await deliver(await latestEvent("customer.subscription.updated", subscription.id));
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      status: "active",
      stripePriceId: planPrice("pro", "month").id,
    });

    // The period ends and a new one starts.
    await renewOnSandbox(subscription.id, "succeed");
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    await deliver(await latestEvent("customer.subscription.updated", subscription.id));
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      status: "active",
      currentPeriodStart: at(item.current_period_end),
      currentPeriodEnd: at(renewed.items.data[0]?.current_period_end),
    });

    // Canceled in the portal: at the end of the period.
    const scheduled = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await deliver(await latestEvent("customer.subscription.updated", subscription.id));
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: true,
      canceledAt: at(scheduled.canceled_at),
    });

    await renewOnSandbox(subscription.id, "succeed");
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe("canceled");
    expect(await deliver(await latestEvent("customer.subscription.deleted", subscription.id))).toMatchObject({
      status: 200,
    });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "canceled", endedAt: at(ended.ended_at) });
    expect(await storeBillingStanding(store)).toMatchObject({ kind: "canceled", hold: "canceled" });
  });
});

describe("invoice events", () => {
  it("invoice.finalized records the invoice as Stripe holds it, and sends no mail", async () => {
    const { user, store, subscription, invoice } = await failedRenewal();
    expect(await deliver(await latestEvent("invoice.finalized", invoice.id!))).toMatchObject({ status: 200 });
    expect(invoice.hosted_invoice_url).toMatch(/^https?:\/\//);
    expect(await invoiceRow(invoice.id!)).toMatchObject({
      storeId: store.id,
      stripeSubscriptionId: subscription.id,
      status: "open",
      amountDue: 900,
      amountPaid: 0,
      currency: "usd",
      hostedInvoiceUrl: invoice.hosted_invoice_url,
      attemptCount: 1,
      nextPaymentAttempt: at(invoice.next_payment_attempt),
    });
    expect(await paymentFailedMails(user)).toEqual([]);
  });

  it("invoice.payment_failed marks the subscription past due and queues one platform mail to the owner, not two", async () => {
    const { user, store, subscription, invoice } = await failedRenewal();
    const event = await latestEvent("invoice.payment_failed", invoice.id!);
    expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: false } });

    expect(await invoiceRow(invoice.id!)).toMatchObject({ status: "open", attemptCount: 1, amountDue: 900 });
    const row = await subscriptionRow(subscription.id);
    expect(row).toMatchObject({ storeId: store.id, status: "past_due" });
    expect(row?.pastDueSince).toBeInstanceOf(Date);
    const mails = await paymentFailedMails(user);
    expect(mails).toEqual([
      expect.objectContaining({ storeId: null, kind: PAYMENT_FAILED_MAIL_KIND, toAddress: user.email }),
    ]);
    expect(mails[0]?.subject).toContain(store.name);

    expect(await deliver(event)).toEqual({
      status: 200,
      body: { received: true, duplicate: true, summary: "already processed" },
    });
    expect(await paymentFailedMails(user)).toHaveLength(1);
    expect(await eventRows(event.id)).toHaveLength(1);
  });

  it("invoice.payment_succeeded records the paid invoice and the subscription active again", async () => {
    const { store, subscription, invoice } = await failedRenewal();
    await deliver(await latestEvent("invoice.payment_failed", invoice.id!));
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "past_due" });

    const paid = await stripe.invoices.pay(invoice.id!, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("paid");
    expect(await deliver(await latestEvent("invoice.payment_succeeded", invoice.id!))).toMatchObject({ status: 200 });
    expect(await invoiceRow(invoice.id!)).toMatchObject({
      storeId: store.id,
      status: "paid",
      amountDue: 900,
      amountPaid: 900,
      attemptCount: 2,
      nextPaymentAttempt: null,
    });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "active", pastDueSince: null });
  });

  it("a payment_failed delivered after the invoice was paid does not tell the owner the payment failed", async () => {
    const { user, subscription, invoice } = await failedRenewal();
    await stripe.invoices.pay(invoice.id!, { payment_method: "pm_card_visa" });
    await deliver(await latestEvent("invoice.payment_succeeded", invoice.id!));
    // Stripe retried the failure's delivery; it arrives last.
    expect(await deliver(await latestEvent("invoice.payment_failed", invoice.id!))).toMatchObject({ status: 200 });
    expect(await invoiceRow(invoice.id!)).toMatchObject({ status: "paid" });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "active" });
    expect(await paymentFailedMails(user)).toEqual([]);
  });
});

describe("payment_intent events", () => {
  async function transactionRow(id: string) {
    const db = await getDb();
    const [row] = await db.select().from(billingTransactions).where(eq(billingTransactions.stripePaymentIntentId, id));
    return row ?? null;
  }

  /** The customer's newest PaymentIntent event of `type`. */
  async function intentEvent(type: Stripe.Event.Type, customerId: string) {
    const events = (await stripe.events.list({ type, limit: 100 })).data;
    const event = events.find((e) => (e.data.object as Stripe.PaymentIntent).customer === customerId);
    if (!event) throw new Error(`the sandbox has no ${type} event for ${customerId}`);
    return event;
  }

  it("payment_intent.succeeded records the charge; payment_intent.payment_failed records Stripe's error message", async () => {
    const { store, customer, subscription } = await subscribedStore(planPrice("starter", "month"));
    const succeeded = await intentEvent("payment_intent.succeeded", customer.id);
    expect(await deliver(succeeded)).toMatchObject({ status: 200 });
    expect(await transactionRow((succeeded.data.object as Stripe.PaymentIntent).id)).toMatchObject({
      storeId: store.id,
      stripeCustomerId: customer.id,
      amount: 900,
      currency: "usd",
      status: "succeeded",
      errorMessage: null,
    });

    await renewOnSandbox(subscription.id, "fail");
    const failed = await intentEvent("payment_intent.payment_failed", customer.id);
    const intentId = (failed.data.object as Stripe.PaymentIntent).id;
    expect(await deliver(failed)).toMatchObject({ status: 200 });
    const intent = await stripe.paymentIntents.retrieve(intentId);
    expect(intent.last_payment_error?.message).toBe("Your card was declined.");
    expect(await transactionRow(intentId)).toMatchObject({
      storeId: store.id,
      amount: 900,
      status: "requires_payment_method",
      errorMessage: intent.last_payment_error?.message,
    });
  });
});

describe("duplicates and events out of order", () => {
  it("the same event twice: the second answers 200, duplicate, and changes nothing although Stripe has changed", async () => {
    const { subscription } = await subscribedStore(planPrice("starter", "month"));
    const event = await latestEvent("customer.subscription.created", subscription.id);
    expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: false } });
    const before = await subscriptionRow(subscription.id);
    expect(before).toMatchObject({ cancelAtPeriodEnd: false });

    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(await deliver(event)).toEqual({
      status: 200,
      body: { received: true, duplicate: true, summary: "already processed" },
    });
    expect(await subscriptionRow(subscription.id)).toEqual(before);
    expect(await eventRows(event.id)).toHaveLength(1);
  });

  it("an updated delivered after its deleted leaves the subscription canceled", async () => {
    const { subscription } = await subscribedStore(planPrice("starter", "month"));
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const updated = await latestEvent("customer.subscription.updated", subscription.id);
    await stripe.subscriptions.cancel(subscription.id);
    const deleted = await latestEvent("customer.subscription.deleted", subscription.id);

    expect(await deliver(deleted)).toMatchObject({ status: 200 });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "canceled" });
    // The late event still says active.
    expect(updated.data.object).toMatchObject({ status: "active" });
    expect(await deliver(updated)).toMatchObject({ status: 200, body: { duplicate: false } });
    const row = await subscriptionRow(subscription.id);
    expect(row).toMatchObject({ status: "canceled" });
    expect(row?.endedAt).toBeInstanceOf(Date);
    expect(await eventRows(updated.id)).toHaveLength(1);
  });

  it("a created delivered last leaves the newest state", async () => {
    const { subscription } = await subscribedStore(planPrice("starter", "month"));
    const created = await latestEvent("customer.subscription.created", subscription.id);
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: planPrice("pro", "month").id }],
      cancel_at_period_end: true,
    });
    await deliver(await latestEvent("customer.subscription.updated", subscription.id));
    const newest = { status: "active", stripePriceId: planPrice("pro", "month").id, cancelAtPeriodEnd: true };
    expect(await subscriptionRow(subscription.id)).toMatchObject(newest);

    expect(created.data.object).toMatchObject({ cancel_at_period_end: false });
    expect(await deliver(created)).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(await subscriptionRow(subscription.id)).toMatchObject(newest);
  });
});

describe.runIf(postgresUrl)("concurrent deliveries of one event, on Postgres", () => {
  it("10 at once really overlap: one stored event, one mail, and every one answers 200", async () => {
    const { user, subscription, invoice } = await failedRenewal();
    const event = await latestEvent("invoice.payment_failed", invoice.id!);
    const { rawBody, header } = signed(event, platform.keys.webhook);
    const deliveries = 10;
    const client = await watcher();
    const held: (number | string)[] = [];
    hold.invoiceId = invoice.id!;
    // The delivery that stored the event keeps its transaction open until all the others
    // are waiting on it: they are in flight at the same moment, not one after another.
    hold.whileOpen = async (pid) => {
      held.push(await waitUntilBlocked(client, pid, deliveries - 1, 10_000).catch((error: Error) => error.message));
    };
    try {
      const answers = await Promise.all(
        Array.from({ length: deliveries }, () => receiveBillingWebhook(rawBody, header)),
      );
      expect(held).toEqual([deliveries - 1]);
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: deliveries }, () => 200));
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(deliveries - 1);
      expect(await eventRows(event.id)).toHaveLength(1);
      expect(await paymentFailedMails(user)).toHaveLength(1);
      expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "past_due" });
    } finally {
      hold.invoiceId = "";
      await client.end();
    }
  });
});

describe("refused deliveries", () => {
  it("no signature, a wrong secret or a stale timestamp: 400, nothing stored, each counted for the staff console", async () => {
    const { subscription } = await subscribedStore(planPrice("starter", "month"));
    const event = await latestEvent("customer.subscription.created", subscription.id);
    const missingBefore = await problemCount("missing_signature");
    const mismatchBefore = await problemCount("signature_mismatch");

    const { rawBody } = signed(event, platform.keys.webhook);
    expect(await receiveBillingWebhook(rawBody, null)).toMatchObject({
      status: 400,
      body: { error: "missing_signature" },
    });
    const wrongSecret = signed(event, testSecret("whsec"));
    expect(await receiveBillingWebhook(wrongSecret.rawBody, wrongSecret.header)).toMatchObject({
      status: 400,
      body: { error: "signature_mismatch" },
    });
    const stale = signed(event, platform.keys.webhook, Math.floor(Date.now() / 1000) - 10 * 60);
    expect(await receiveBillingWebhook(stale.rawBody, stale.header)).toMatchObject({
      status: 400,
      body: { error: "signature_mismatch" },
    });

    expect(await eventRows(event.id)).toEqual([]);
    expect(await subscriptionRow(subscription.id)).toBeNull();
    expect(await problemCount("missing_signature")).toBe(missingBefore + 1);
    expect(await problemCount("signature_mismatch")).toBe(mismatchBefore + 2);

    // The same event, signed as Stripe signs it, is taken.
    expect(await deliver(event)).toMatchObject({ status: 200 });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "active" });
  });

  it("an event from the other mode (live, while the platform runs with test keys): 400, nothing stored", async () => {
    const live = sandboxStripe(platform.account.keys.live.secret);
    const { store } = await createOwnerWithStore();
    const price = await hostingPrice(live);
    const customer = await live.customers.create({
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
      metadata: { [STORE_METADATA_KEY]: store.id },
    });
    const subscription = await live.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [event] = (await live.events.list({ type: "customer.subscription.created", limit: 1 })).data;
    expect(event).toMatchObject({ livemode: true, data: { object: { id: subscription.id } } });
    const otherModeBefore = await problemCount("other_mode");

    expect(await deliver(event!)).toMatchObject({ status: 400, body: { error: "other_mode" } });
    expect(await eventRows(event!.id)).toEqual([]);
    expect(await subscriptionRow(subscription.id)).toBeNull();
    expect(await customerRow(customer.id)).toBeNull();
    expect(await problemCount("other_mode")).toBe(otherModeBefore + 1);
  });
});
