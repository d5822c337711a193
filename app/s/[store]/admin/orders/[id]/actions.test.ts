import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { and, asc, eq, like } from "drizzle-orm";
import type { ReactNode } from "react";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { downloadGrants, emailOutbox, orders, refundRequests, type Store, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { listBuyerDownloads } from "@/lib/downloads/grants";
import { findDownload, startDownload } from "@/lib/downloads/serve";
import { env } from "@/lib/env";
import { createPendingOrder, getOrderDetail } from "@/lib/orders/orders";
import { reconcileStore } from "@/lib/orders/reconcile";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { storeHost } from "@/lib/tenancy/host";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { createDownloadableProduct } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { createSandboxAccount, sandboxStripe } from "@/test/sandbox-account";
import { payOrderOnSandbox } from "@/test/sandbox-payments";
import { signed, stripeEvent, testSecret } from "@/test/stripe-events";
import {
  refundOrderAction,
  resendReceiptAction,
  resetGrantAction,
  restoreGrantAction,
  revokeGrantAction,
} from "./actions";
import OrderPage from "./page";

vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

// The first use migrates this file's fresh database, which takes longer than a test may.
beforeAll(() => getDb());

/** The request of `user` on `store`'s own host, as the admin's browser sends it. */
function signedInOn(store: Store, user: User) {
  fakeRequest.host = storeHost(store.subdomain, env.ROOT_DOMAIN);
  fakeRequest.cookies = new Map();
  fakeRequest.user = user;
}

/** No request on a store's host: what test setup needs to create stores and users. */
function signedOut() {
  fakeRequest.host = "";
  fakeRequest.cookies = new Map();
  fakeRequest.user = null;
}

/**
 * A store on its own sandbox Stripe account, and an order of one product with two files,
 * paid for real in the sandbox and confirmed by the sandbox's own `payment_intent.succeeded`
 * fed through the webhook pipeline: the order is paid, its two links granted, its receipt queued.
 */
async function paidOrder() {
  signedOut();
  const { store, user } = await createOwnerWithStore();
  const account = await createSandboxAccount();
  const webhookSecret = testSecret("whsec");
  await saveStripeSettings(store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    testWebhookSecret: webhookSecret,
  });
  const { product } = await createDownloadableProduct(store, {
    files: [
      { fileName: "book.pdf", bytes: new Uint8Array([1, 2, 3]) },
      { fileName: "book.epub", bytes: new Uint8Array([4, 5, 6]) },
    ],
  });
  const { order, intent } = await payOrderOnSandbox(store, account, product.id);
  const stripe = sandboxStripe(account.keys.test.secret);
  signedInOn(store, user);

  /** Delivers `event` to the store, signed as Stripe signs it. */
  function deliver(event: Stripe.Event) {
    const { rawBody, header } = signed(event, webhookSecret);
    return receiveWebhook(store, rawBody, header);
  }
  /** Delivers the sandbox's newest event of `type`. */
  async function deliverLatest(type: "payment_intent.succeeded" | "charge.refunded") {
    const [event] = (await stripe.events.list({ type, limit: 1 })).data;
    if (!event) throw new Error(`the sandbox has no ${type} event`);
    return deliver(event);
  }
  expect(await deliverLatest("payment_intent.succeeded")).toMatchObject({ body: { outcome: "processed" } });
  expect((await orderRow(store, order.id)).status).toBe("paid");
  return { store, owner: user, order, stripe, intentId: intent.id, deliver, deliverLatest };
}

async function orderRow(store: Store, orderId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, store.id), eq(orders.id, orderId)));
  if (!row) throw new Error("no order");
  return row;
}

async function grantsOf(store: Store, orderId: string) {
  const db = await getDb();
  return db
    .select()
    .from(downloadGrants)
    .where(and(eq(downloadGrants.storeId, store.id), eq(downloadGrants.orderId, orderId)))
    .orderBy(asc(downloadGrants.createdAt), asc(downloadGrants.productFileId));
}

async function requestsOf(store: Store, orderId: string) {
  const db = await getDb();
  return db
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.storeId, store.id), eq(refundRequests.orderId, orderId)));
}

async function receiptsOf(store: Store, orderId: string) {
  const db = await getDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.storeId, store.id), like(emailOutbox.dedupeKey, `receipt:${orderId}%`)))
    .orderBy(asc(emailOutbox.createdAt));
}

/** The download tokens a mail links to. */
const tokensIn = (text: string) => [...text.matchAll(/\/downloads\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);

/** Every text and title the order page would show, read from the element tree it returns. */
async function orderPageText(store: Store, orderId: string): Promise<string> {
  const tree = await OrderPage({ params: Promise.resolve({ store: store.subdomain, id: orderId }) });
  const parts: string[] = [];
  const walk = (node: ReactNode | unknown): void => {
    if (typeof node === "string" || typeof node === "number") parts.push(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object" && "props" in node) {
      const props = (node as { props: Record<string, unknown> }).props;
      for (const key of ["title", "description", "actions", "children"]) walk(props[key]);
    }
  };
  walk(tree);
  return parts.join("");
}

const refund = (orderId: string, amount: number, fields: { note?: string; idempotencyKey?: string } = {}) => ({
  orderId,
  idempotencyKey: fields.idempotencyKey ?? randomUUID(),
  amount,
  reason: "requested_by_customer",
  note: fields.note,
});

describe("Refund", () => {
  it("asks Stripe, leaves the order paid until charge.refunded, then refunds it, revokes the links and confirms the request", async () => {
    const { store, owner, order, stripe, intentId, deliverLatest } = await paidOrder();
    const result = await refundOrderAction(refund(order.id, order.totalAmount, { note: "Bought it twice" }));
    expect(result).toMatchObject({ ok: true, data: { amount: 900, status: "requested", repeated: false } });

    const made = (await stripe.refunds.list({ payment_intent: intentId })).data;
    expect(made).toMatchObject([{ amount: 900, reason: "requested_by_customer", metadata: { order_id: order.id } }]);

    // Between the request and Stripe's webhook: nothing about the order has changed.
    expect(await orderRow(store, order.id)).toMatchObject({ status: "paid", amountRefunded: 0 });
    expect((await grantsOf(store, order.id)).every((g) => g.revokedAt === null)).toBe(true);
    const detail = await getOrderDetail(store.id, order.id);
    expect(detail?.refundRequests).toMatchObject([
      {
        amount: 900,
        status: "requested",
        reason: "Requested by customer: Bought it twice",
        requestedBy: owner.email,
        stripeRefundId: made[0]!.id,
      },
    ]);
    const waiting = await orderPageText(store, order.id);
    expect(waiting).toContain("Refund requested");
    expect(waiting).toContain("$9.00");
    expect(waiting).toContain(owner.email);

    expect(await deliverLatest("charge.refunded")).toMatchObject({ body: { outcome: "processed" } });
    expect(await orderRow(store, order.id)).toMatchObject({ status: "refunded", amountRefunded: 900 });
    const grants = await grantsOf(store, order.id);
    expect(grants).toHaveLength(2);
    expect(grants.every((g) => g.revokedAt !== null)).toBe(true);
    expect(await requestsOf(store, order.id)).toMatchObject([{ status: "succeeded", stripeRefundId: made[0]!.id }]);
    expect(await orderPageText(store, order.id)).not.toContain("Refund requested");
  });

  it("refunds part of an order: partially refunded, links kept, and only the rest can follow", async () => {
    const { store, order, deliverLatest } = await paidOrder();
    expect(await refundOrderAction(refund(order.id, 300))).toMatchObject({ ok: true });
    await deliverLatest("charge.refunded");
    expect(await orderRow(store, order.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 300 });
    expect((await grantsOf(store, order.id)).every((g) => g.revokedAt === null)).toBe(true);
    expect(await requestsOf(store, order.id)).toMatchObject([{ amount: 300, status: "succeeded" }]);

    expect(await refundOrderAction(refund(order.id, 601))).toMatchObject({
      ok: false,
      fieldErrors: { amount: "At most $6.00 can still be refunded." },
    });
  });

  it("is confirmed by Reconcile when Stripe's charge.refunded never arrives", async () => {
    const { store, order } = await paidOrder();
    expect(await refundOrderAction(refund(order.id, 300))).toMatchObject({ ok: true });
    const report = await reconcileStore(store);
    expect(report.repaired).toMatchObject([{ orderId: order.id, to: "partially_refunded" }]);
    expect(await requestsOf(store, order.id)).toMatchObject([{ amount: 300, status: "succeeded" }]);
    expect(await refundOrderAction(refund(order.id, 600))).toMatchObject({ ok: true });
  });

  it("refuses more than remains, counting refunds still waiting for Stripe, without calling Stripe", async () => {
    const { store, order, stripe, intentId } = await paidOrder();
    expect(await refundOrderAction(refund(order.id, 200))).toMatchObject({ ok: true });
    // $9.00 paid, $2.00 requested and not yet confirmed: $7.00 is left.
    expect(await refundOrderAction(refund(order.id, 701))).toEqual({
      ok: false,
      formError: "At most $7.00 can still be refunded.",
      fieldErrors: { amount: "At most $7.00 can still be refunded." },
    });
    expect((await stripe.refunds.list({ payment_intent: intentId })).data).toHaveLength(1);
    expect(await requestsOf(store, order.id)).toHaveLength(1);
    expect(await orderRow(store, order.id)).toMatchObject({ status: "paid", amountRefunded: 0 });
  });

  it("explains an unreachable Stripe, records the request as failed and leaves the order as it was", async () => {
    const { store, order } = await paidOrder();
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const sandboxUrl = env.STRIPE_SANDBOX_URL;
    env.STRIPE_SANDBOX_URL = `http://127.0.0.1:${closedPort}`;
    let result;
    try {
      result = await refundOrderAction(refund(order.id, 500));
    } finally {
      env.STRIPE_SANDBOX_URL = sandboxUrl;
    }
    expect(result).toEqual({
      ok: false,
      formError: "Could not reach Stripe; nothing was refunded. Try again.",
      fieldErrors: {},
    });
    expect(await requestsOf(store, order.id)).toMatchObject([
      { amount: 500, status: "failed", error: "Could not reach Stripe; nothing was refunded. Try again." },
    ]);
    expect(await orderRow(store, order.id)).toMatchObject({ status: "paid", amountRefunded: 0 });
    // The failed request holds nothing back: the whole amount can still be refunded.
    expect(await refundOrderAction(refund(order.id, 900))).toMatchObject({ ok: true });
  });

  it("passes Stripe's refusal on in plain words", async () => {
    const { store, order, stripe, intentId } = await paidOrder();
    // Refunded in the Stripe Dashboard, and its webhook not here yet.
    await stripe.refunds.create({ payment_intent: intentId });
    expect(await refundOrderAction(refund(order.id, 900))).toMatchObject({
      ok: false,
      formError: "Stripe says this payment is already refunded in full.",
    });
    expect(await requestsOf(store, order.id)).toMatchObject([{ status: "failed" }]);
    expect((await orderRow(store, order.id)).status).toBe("paid");
  });

  it("makes one Stripe refund of a form submitted twice", async () => {
    const { store, order, stripe, intentId } = await paidOrder();
    const form = refund(order.id, 400);
    const [first, second] = await Promise.all([refundOrderAction(form), refundOrderAction(form)]);
    const third = await refundOrderAction(form);
    for (const result of [first, second, third]) expect(result).toMatchObject({ ok: true, data: { amount: 400 } });
    expect([first, second, third].map((r) => r.ok && r.data.repeated).sort()).toEqual([false, true, true]);
    expect((await stripe.refunds.list({ payment_intent: intentId })).data).toHaveLength(1);
    expect(await requestsOf(store, order.id)).toHaveLength(1);
  });

  it("refuses an order that is not paid", async () => {
    signedOut();
    const { store, user: owner } = await createOwnerWithStore();
    const { product } = await createDownloadableProduct(store);
    const order = await createPendingOrder(store.id, {
      mode: "test",
      email: "buyer@example.test",
      lines: [{ productId: product.id, quantity: 1 }],
    });
    signedInOn(store, owner);
    expect(await refundOrderAction(refund(order.id, 100))).toMatchObject({
      ok: false,
      formError: "Only a paid order with a Stripe payment can be refunded; this one is pending.",
    });
  });
});

describe("Stripe's charge.refunded", () => {
  it("confirms a request by its refund's id when the event lists the charge's refunds", async () => {
    const { store, order, stripe, intentId, deliver } = await paidOrder();
    const chargeWithRefunds = async () => {
      const { latest_charge } = await stripe.paymentIntents.retrieve(intentId);
      return stripe.charges.retrieve(String(latest_charge), { expand: ["refunds"] });
    };
    // $3.00 refunded in the Stripe Dashboard; its event is held up while the owner asks for $3.00 more.
    await stripe.refunds.create({ payment_intent: intentId, amount: 300 });
    const dashboardOnly = await chargeWithRefunds();
    expect(await refundOrderAction(refund(order.id, 300))).toMatchObject({ ok: true });

    // Its $3.00 would cover the request by amount; by refund id it is not the request's.
    const first = stripeEvent("charge.refunded", dashboardOnly as unknown as Record<string, unknown>);
    expect(await deliver(first)).toMatchObject({ body: { outcome: "processed" } });
    expect(await orderRow(store, order.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 300 });
    expect(await requestsOf(store, order.id)).toMatchObject([{ status: "requested" }]);

    const both = stripeEvent("charge.refunded", (await chargeWithRefunds()) as unknown as Record<string, unknown>);
    expect(await deliver(both)).toMatchObject({ body: { outcome: "processed" } });
    expect(await orderRow(store, order.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 600 });
    expect(await requestsOf(store, order.id)).toMatchObject([{ status: "succeeded" }]);
  });
});

describe("Resend receipt", () => {
  it("queues a second receipt with new working links; the first receipt's links stop working", async () => {
    const { store, order } = await paidOrder();
    const [first] = await receiptsOf(store, order.id);
    const oldTokens = tokensIn(first!.text);
    expect(oldTokens).toHaveLength(2);
    const before = await grantsOf(store, order.id);

    expect(await resendReceiptAction({ orderId: order.id })).toEqual({
      ok: true,
      data: { email: "buyer@example.test", links: 2 },
    });
    const receipts = await receiptsOf(store, order.id);
    expect(receipts).toHaveLength(2);
    const newTokens = tokensIn(receipts[1]!.text);
    expect(newTokens).toHaveLength(2);
    for (const token of oldTokens) expect(await findDownload(store.id, token)).toEqual({ status: "not_found" });
    for (const token of newTokens) expect(await findDownload(store.id, token)).toMatchObject({ status: "ok" });
    // The buyer's order page shows the same new links.
    const shown = (await listBuyerDownloads(store.id, order.id)).map((d) => d.path?.replace("/downloads/", ""));
    expect(shown.sort()).toEqual([...newTokens].sort());

    // The same grants, with their counts and limits, behind new links.
    const after = await grantsOf(store, order.id);
    expect(after.map((g) => [g.productFileId, g.downloadLimit, g.downloadCount])).toEqual(
      before.map((g) => [g.productFileId, g.downloadLimit, g.downloadCount]),
    );
  });

  it("leaves revoked links revoked and out of the mail", async () => {
    const { store, order } = await paidOrder();
    const [grant] = await grantsOf(store, order.id);
    await revokeGrantAction({ orderId: order.id, grantId: grant!.id });
    expect(await resendReceiptAction({ orderId: order.id })).toMatchObject({ ok: true, data: { links: 1 } });
    const grants = await grantsOf(store, order.id);
    expect(grants.find((g) => g.id === grant!.id)?.revokedAt).not.toBeNull();
    expect(tokensIn((await receiptsOf(store, order.id))[1]!.text)).toHaveLength(1);
  });

  it("refuses an order that is refunded in full", async () => {
    const { store, order, deliverLatest } = await paidOrder();
    await refundOrderAction(refund(order.id, 900));
    await deliverLatest("charge.refunded");
    expect(await resendReceiptAction({ orderId: order.id })).toMatchObject({
      ok: false,
      formError: "Only a paid order's receipt can be sent again; this one is refunded.",
    });
    expect(await receiptsOf(store, order.id)).toHaveLength(1);
  });
});

describe("Download links", () => {
  it("revokes, restores and resets exactly one link", async () => {
    const { store, order } = await paidOrder();
    const [target, other] = await grantsOf(store, order.id);
    const ids = { orderId: order.id, grantId: target!.id };
    const token = tokensIn((await receiptsOf(store, order.id))[0]!.text);
    for (const t of token) await startDownload(store.id, t, null);
    const state = async () =>
      (await grantsOf(store, order.id)).map((g) => ({ revoked: g.revokedAt !== null, count: g.downloadCount }));
    expect(await state()).toEqual([
      { revoked: false, count: 1 },
      { revoked: false, count: 1 },
    ]);

    expect(await revokeGrantAction(ids)).toEqual({ ok: true, data: { grantId: target!.id, changed: true } });
    expect(await state()).toEqual([
      { revoked: true, count: 1 },
      { revoked: false, count: 1 },
    ]);
    expect(await revokeGrantAction(ids)).toMatchObject({ ok: true, data: { changed: false } });

    expect(await restoreGrantAction(ids)).toMatchObject({ ok: true, data: { changed: true } });
    expect(await state()).toEqual([
      { revoked: false, count: 1 },
      { revoked: false, count: 1 },
    ]);

    expect(await resetGrantAction(ids)).toMatchObject({ ok: true, data: { changed: true } });
    expect(await state()).toEqual([
      { revoked: false, count: 0 },
      { revoked: false, count: 1 },
    ]);
    const rows = await grantsOf(store, order.id);
    expect(rows.find((g) => g.id === target!.id)?.lastCountedAt).toBeNull();
    expect(rows.find((g) => g.id === other!.id)?.lastCountedAt).not.toBeNull();
  });

  it("keeps a fully refunded order's links revoked", async () => {
    const { store, order, deliverLatest } = await paidOrder();
    await refundOrderAction(refund(order.id, 900));
    await deliverLatest("charge.refunded");
    const [grant] = await grantsOf(store, order.id);
    expect(await restoreGrantAction({ orderId: order.id, grantId: grant!.id })).toMatchObject({
      ok: false,
      formError: "This order was refunded in full, so its downloads stay revoked.",
    });
    expect((await grantsOf(store, order.id)).every((g) => g.revokedAt !== null)).toBe(true);
  });

  it("touches a link only under its own order", async () => {
    const { store, order } = await paidOrder();
    const [grant] = await grantsOf(store, order.id);
    expect(await revokeGrantAction({ orderId: randomUUID(), grantId: grant!.id })).toMatchObject({
      ok: false,
      formError: expect.stringContaining("That download is not part of this order"),
    });
    expect((await grantsOf(store, order.id)).every((g) => g.revokedAt === null)).toBe(true);
  });
});

describe("every order page action", () => {
  it("refuses the owner of another store, on this store's host, and changes nothing", async () => {
    const { store, order, stripe, intentId } = await paidOrder();
    const [active, revoked] = await grantsOf(store, order.id);
    await revokeGrantAction({ orderId: order.id, grantId: revoked!.id });
    signedOut();
    const stranger = await createOwnerWithStore();
    signedInOn(store, stranger.user);

    const calls = {
      refundOrderAction: () => refundOrderAction(refund(order.id, 100)),
      resendReceiptAction: () => resendReceiptAction({ orderId: order.id }),
      revokeGrantAction: () => revokeGrantAction({ orderId: order.id, grantId: active!.id }),
      restoreGrantAction: () => restoreGrantAction({ orderId: order.id, grantId: revoked!.id }),
      resetGrantAction: () => resetGrantAction({ orderId: order.id, grantId: active!.id }),
    };
    const before = JSON.stringify(await grantsOf(store, order.id));
    for (const [name, call] of Object.entries(calls)) {
      expect(await call(), name).toEqual({
        ok: false,
        formError: "You are not a member of this store.",
        fieldErrors: {},
      });
    }
    expect(JSON.stringify(await grantsOf(store, order.id))).toBe(before);
    expect((await stripe.refunds.list({ payment_intent: intentId })).data).toHaveLength(0);
    expect(await requestsOf(store, order.id)).toHaveLength(0);
    expect(await receiptsOf(store, order.id)).toHaveLength(1);
  });
});
