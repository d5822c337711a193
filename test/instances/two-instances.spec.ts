// Two app instances behind one database and one bucket behave as one app (issue 14,
// "Several instances"): settings saved on one apply on the other's next request, catalogue
// edits show at once, and the outbox, download counting and webhook processing stay exact
// when the work is split between them.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createPendingOrders, type PendingOrder } from "../../bench/dataset";
import { DeliveryBodies, WEBHOOK_PATH } from "../../bench/paths";
import type { BuyerLinks } from "../../bench/buyer-links";
import { DashboardSettings } from "../../e2e/pages/dashboard-settings";
import { ProductEditor } from "../../e2e/pages/product-editor";
import { signed, testSecret } from "../stripe-events";
import { expect, request, test, waitFor, type Answer, type Instance, type Platform } from "./platform";
import type { InstancesProduct } from "./setup-store";

/** Orders for `product`, pending with a PaymentIntent, and the deliveries that pay them. */
async function pendingOrders(platform: Platform, product: InstancesProduct, count: number) {
  const tag = randomBytes(4).toString("hex");
  const orders = await createPendingOrders(
    platform.db,
    { storeId: platform.store.storeId, userId: platform.store.userId, products: [product] },
    count,
    tag,
  );
  const bodies = new DeliveryBodies(tag, product.priceAmount);
  return { orders, eventId: (i: number) => bodies.eventId(i), body: (i: number) => bodies.body(i, orders[i]!) };
}

function deliver(platform: Platform, instance: Instance, body: string, secret: string, hold = false) {
  return request(
    instance,
    platform.host,
    {
      method: "POST",
      path: WEBHOOK_PATH,
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signed(body, secret).header },
      body,
    },
    hold,
  );
}

const outcome = (answer: Answer) => (JSON.parse(answer.body) as { outcome?: string }).outcome;

type OrderState = { status: string; events: number; paidChanges: number; grants: number; receipts: number };

/** What paying an order leaves behind, counted. */
async function orderState(platform: Platform, order: PendingOrder, eventId: string): Promise<OrderState> {
  const { rows } = await platform.db.query<Record<keyof OrderState, string>>(
    `select o.status,
       (select count(*) from webhook_events where store_id = o.store_id and stripe_event_id = $2) as events,
       (select count(*) from order_status_changes where order_id = o.id and to_status = 'paid') as "paidChanges",
       (select count(*) from download_grants where order_id = o.id) as grants,
       (select count(*) from email_outbox where store_id = o.store_id and dedupe_key = 'receipt:' || o.id) as receipts
     from orders o where o.id = $1`,
    [order.id, eventId],
  );
  const row = rows[0]!;
  return {
    status: row.status,
    events: Number(row.events),
    paidChanges: Number(row.paidChanges),
    grants: Number(row.grants),
    receipts: Number(row.receipts),
  };
}

const PAID_ONCE: OrderState = { status: "paid", events: 1, paidChanges: 1, grants: 1, receipts: 1 };

type Receipt = { id: string; status: string; attempts: number };

/** The receipts of `orders`, once every one of them is sent. */
async function sentReceipts(platform: Platform, orders: PendingOrder[]): Promise<Receipt[]> {
  return waitFor(`${orders.length} receipts to be sent`, async () => {
    const { rows } = await platform.db.query<Receipt>(
      `select id, status, attempts from email_outbox where store_id = $1 and dedupe_key = any($2::text[])`,
      [platform.store.storeId, orders.map((o) => `receipt:${o.id}`)],
    );
    return rows.length === orders.length && rows.every((r) => r.status === "sent") ? rows : undefined;
  });
}

async function signIn(page: Page, platform: Platform, instance: Instance) {
  await page.goto(`${instance.origin}/admin/sign-in`);
  await page.getByLabel("Email").fill(platform.store.ownerEmail);
  await page.getByLabel("Password").fill(platform.store.ownerPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${instance.origin}/admin`);
}

type LoggedSend = { emailId: string; at: number };

/** The "email sent" lines (pino JSON) an instance logged for the outbox ids in `ids`. */
function sentByInstance(instance: Instance, ids: Set<string>): LoggedSend[] {
  return readFileSync(instance.server.logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string; emailId?: string; time?: number })
    .filter((entry) => entry.msg === "email sent" && entry.emailId !== undefined && ids.has(entry.emailId))
    .map((entry) => ({ emailId: entry.emailId!, at: entry.time ?? 0 }));
}

test("a new webhook signing secret saved on A applies to B's very next delivery", async ({ page, platform }) => {
  const { a, b } = platform;
  const paying = await pendingOrders(platform, platform.store.catalogue, 3);
  const oldSecret = platform.webhookSecret;
  // B verifies with the old secret first, so anything it kept would be the old one.
  expect((await deliver(platform, b, paying.body(0), oldSecret).answer).status).toBe(200);

  await signIn(page, platform, a);
  await page.goto(`${a.origin}/admin/settings`);
  await expect(page.getByRole("heading", { name: "Dashboard Settings" })).toBeVisible();
  const newSecret = testSecret("whsec");
  const settings = new DashboardSettings(page, platform.store.subdomain);
  await settings.testSection().getByLabel("Stripe Webhook Signing Secret").fill(newSecret);
  await page.getByRole("button", { name: "Save Stripe settings" }).click();
  await expect(page.getByText("Saved. The store now takes Test payments.")).toBeVisible();
  platform.webhookSecret = newSecret;

  const withNew = await deliver(platform, b, paying.body(1), newSecret).answer;
  expect(withNew.status, withNew.body).toBe(200);
  expect(outcome(withNew)).toBe("processed");
  for (const instance of [b, a]) {
    const withOld = await deliver(platform, instance, paying.body(2), oldSecret).answer;
    expect(withOld.status, `${instance.name}: ${withOld.body}`).toBe(400);
  }
  expect(await orderState(platform, paying.orders[1]!, paying.eventId(1))).toEqual(PAID_ONCE);
  expect((await orderState(platform, paying.orders[2]!, paying.eventId(2))).status).toBe("pending");
});

test("a product edit on A shows on B's storefront within one second", async ({ page, platform }) => {
  const { a, b } = platform;
  const product = platform.store.catalogue;
  const productPath = `/products/${product.slug}`;
  const page_ = (instance: Instance, p: string) => request(instance, platform.host, { path: p }).answer;
  const name = `Harbour Charts Revised ${randomBytes(3).toString("hex")}`;
  // B renders the page before the edit, so anything it kept would be the old name.
  for (const p of ["/", productPath]) {
    const before = await page_(b, p);
    expect(before.status).toBe(200);
    expect(before.body).toContain(product.name);
    expect(before.body).not.toContain(name);
  }

  await signIn(page, platform, a);
  await page.goto(`${a.origin}/admin/products/${product.id}`);
  const editor = new ProductEditor(page, platform.store.subdomain);
  await editor.expectEditing(product.name);
  await editor.fill({ name });
  const saved = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.request().headers()["next-action"] !== undefined,
  );
  await editor.save();
  expect((await saved).ok()).toBe(true);
  // From the moment A answered the save.
  const savedAt = performance.now();

  const shownAfter = await waitFor(
    "B's storefront to show the new name",
    async () => {
      const [home, productPage] = await Promise.all([page_(b, "/"), page_(b, productPath)]);
      return home.body.includes(name) && productPage.body.includes(name) ? performance.now() - savedAt : undefined;
    },
    5_000,
    20,
  );
  console.log(`B showed the edit ${Math.round(shownAfter)} ms after A answered the save`);
  expect(shownAfter, "ms from A's save to B's storefront showing it").toBeLessThan(1000);
  await expect(page.getByText("Product saved", { exact: true })).toBeVisible();
});

test("with both outbox workers running, each receipt is sent exactly once", async ({ platform }) => {
  const { a, b, db, resend } = platform;
  const storeId = platform.store.storeId;
  // Mail from earlier tests is sent first, so every send counted below is one of ours.
  await waitFor("earlier mail to be sent", async () => {
    const { rows } = await db.query<{ n: string }>(
      `select count(*) as n from email_outbox where store_id = $1 and status <> 'sent'`,
      [storeId],
    );
    return rows[0]!.n === "0" ? true : undefined;
  });
  const sendsBefore = resend.requests();
  // A slow provider keeps each worker's batch in flight while the other claims: the two
  // drain one backlog side by side, which is where a double claim would show.
  resend.setDelay(30);
  try {
    const receiptCount = 40;
    const paying = await pendingOrders(platform, platform.store.catalogue, receiptCount);
    const answers = await Promise.all(
      paying.orders.map(
        (_, i) => deliver(platform, i % 2 === 0 ? a : b, paying.body(i), platform.webhookSecret).answer,
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));

    const receipts = await sentReceipts(platform, paying.orders);
    // Claimed once each: a second claim (by either worker) would have counted an attempt.
    expect(receipts.map((r) => r.attempts)).toEqual(receipts.map(() => 1));
    expect(resend.requests() - sendsBefore, "POST /emails reaching the Resend stand-in").toBe(receiptCount);
    for (const receipt of receipts) {
      expect(resend.received.filter((mail) => mail.idempotencyKey === `outbox-${receipt.id}`)).toHaveLength(1);
    }

    // Each receipt was sent by exactly one of the two workers...
    const ids = new Set(receipts.map((r) => r.id));
    const [byA, byB] = await waitFor("both instances to log their sends", async () => {
      const logged = [sentByInstance(a, ids), sentByInstance(b, ids)] as const;
      return logged[0].length + logged[1].length >= ids.size ? logged : undefined;
    });
    expect(new Set([...byA, ...byB].map((send) => send.emailId)).size).toBe(ids.size);
    expect(byA.length + byB.length).toBe(ids.size);
    // ...and the two were sending at the same time: their first-to-last spans intersect.
    const span = (sends: LoggedSend[]) => [Math.min(...sends.map((s) => s.at)), Math.max(...sends.map((s) => s.at))];
    const [firstA, lastA] = span(byA);
    const [firstB, lastB] = span(byB);
    const overlapMs = Math.min(lastA!, lastB!) - Math.max(firstA!, firstB!);
    console.log(`receipts sent by A: ${byA.length}, by B: ${byB.length}; both sending for ${overlapMs} ms`);
    expect(overlapMs, "ms during which A and B were both sending").toBeGreaterThan(0);
  } finally {
    resend.setDelay(0);
  }
});

test("download counting is exact with requests split across A and B", async ({ platform }) => {
  const { a, b, db } = platform;
  const product = platform.store.limited;
  const paying = await pendingOrders(platform, product, 1);
  const order = paying.orders[0]!;
  expect((await deliver(platform, a, paying.body(0), platform.webhookSecret).answer).status).toBe(200);

  // The buyer's link, derived by the app's own code (tokens are HMACs under AUTH_SECRET).
  const linksIn = path.join(platform.runDir, `buyer-${order.id}.json`);
  const linksOut = path.join(platform.runDir, `links-${order.id}.json`);
  writeFileSync(linksIn, JSON.stringify({ storeId: platform.store.storeId, orderIds: [order.id] }));
  await platform.runAppScript("bench/buyer-links.ts", [linksIn, linksOut]);
  const [link] = (JSON.parse(readFileSync(linksOut, "utf8")) as BuyerLinks).downloadPaths;
  expect(link).toBeDefined();

  const attempts = 24;
  const answers = await Promise.all(
    Array.from({ length: attempts }, (_, i) => request(i % 2 === 0 ? a : b, platform.host, { path: link! }).answer),
  );
  const served = answers.filter((answer) => answer.status === 200);
  expect(served).toHaveLength(product.downloadLimit);
  // The rest are sent to the link's page, which says it is used up.
  expect(answers.filter((answer) => answer.status === 303)).toHaveLength(attempts - product.downloadLimit);
  for (const answer of served) expect(answer.body).toBe(product.fileText);

  const { rows } = await db.query<{ download_count: number; download_limit: number }>(
    `select download_count, download_limit from download_grants where order_id = $1`,
    [order.id],
  );
  expect(rows).toEqual([{ download_count: product.downloadLimit, download_limit: product.downloadLimit }]);
});

test("an event delivered to A and to B at the same time is processed once", async ({ platform }) => {
  const { a, b } = platform;
  const events = 5;
  const paying = await pendingOrders(platform, platform.store.catalogue, events);
  const overlaps: number[] = [];
  for (let i = 0; i < events; i++) {
    const body = paying.body(i);
    const pair = [a, b].map((instance) => deliver(platform, instance, body, platform.webhookSecret, true));
    // Everything but the last byte is at both servers; the last bytes go out together.
    await Promise.all(pair.map((delivery) => delivery.ready));
    pair.forEach((delivery) => delivery.release());
    const answers = await Promise.all(pair.map((delivery) => delivery.answer));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Both requests were whole at their servers before either answered: they overlapped.
    const lastSent = Math.max(...answers.map((answer) => answer.sentAt));
    const firstAnswered = Math.min(...answers.map((answer) => answer.answeredAt));
    expect(lastSent, `event ${i}: last request sent vs first answer`).toBeLessThan(firstAnswered);
    overlaps.push(firstAnswered - lastSent);
    expect(answers.map(outcome).sort()).toEqual(["duplicate", "processed"]);
    expect(await orderState(platform, paying.orders[i]!, paying.eventId(i))).toEqual(PAID_ONCE);
  }
  console.log(`both requests in flight together for ${overlaps.map((ms) => ms.toFixed(1)).join(", ")} ms`);
  const receipts = await sentReceipts(platform, paying.orders);
  expect(receipts.map((r) => r.attempts)).toEqual(receipts.map(() => 1));
});
