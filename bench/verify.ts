// After the load, the database must say what the answers said: every acknowledged payment
// is one paid order with one stored event (no lost events), nothing was paid twice, and
// duplicates and refusals changed nothing.
import type { Client } from "pg";
import type { DeliveryBodies, PayingDeliveries } from "./paths";

export type Snapshot = {
  orders: number;
  paidOrders: number;
  events: number;
  statusChanges: number;
  grants: number;
  receipts: number;
};

/** The benchmark store's row counts that a delivery could change. */
export async function snapshot(db: Client, storeId: string): Promise<Snapshot> {
  const { rows } = await db.query<Record<keyof Snapshot, string>>(
    `select
       (select count(*) from orders where store_id = $1) as "orders",
       (select count(*) from orders where store_id = $1 and status = 'paid') as "paidOrders",
       (select count(*) from webhook_events where store_id = $1) as "events",
       (select count(*) from order_status_changes where store_id = $1) as "statusChanges",
       (select count(*) from download_grants where store_id = $1) as "grants",
       (select count(*) from email_outbox where store_id = $1 and kind = 'receipt') as "receipts"`,
    [storeId],
  );
  const row = rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Snapshot;
}

/**
 * Waits until the store's counts stop moving (deliveries cut off mid-flight may still commit)
 * and its mail is sent, so a path's background work does not run into the next one's.
 */
export async function settle(db: Client, storeId: string): Promise<Snapshot> {
  let last = await snapshot(db, storeId);
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await snapshot(db, storeId);
    if (JSON.stringify(now) === JSON.stringify(last) && (await mailWaiting(db, storeId)) === 0) return now;
    last = now;
  }
  return last;
}

async function mailWaiting(db: Client, storeId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    "select count(*) as n from email_outbox where store_id = $1 and status = 'pending'",
    [storeId],
  );
  return Number(rows[0]!.n);
}

/**
 * Every receipt of the orders the run paid was sent, and the owner's Resend account (the
 * stand-in) received each exactly once. (The data set's past orders have receipts too.)
 */
export async function checkReceiptsSent(
  db: Client,
  storeId: string,
  orderIds: string[],
  received: { idempotencyKey?: string }[],
): Promise<{ problems: string[]; sent: number }> {
  const { rows } = await db.query<{ status: string; n: string }>(
    `select status, count(*) as n from email_outbox
      where store_id = $1 and kind = 'receipt' and dedupe_key = any($2::text[]) group by status`,
    [storeId, orderIds.map((id) => `receipt:${id}`)],
  );
  const byStatus = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  const sent = byStatus.sent ?? 0;
  const problems = Object.entries(byStatus)
    .filter(([status]) => status !== "sent")
    .map(([status, n]) => `${n} receipt(s) ${status}, not sent`);
  const keys = new Set(received.map((mail) => mail.idempotencyKey));
  if (keys.size !== received.length) problems.push(`${received.length - keys.size} receipt(s) reached Resend twice`);
  if (received.length !== sent) problems.push(`${sent} receipts marked sent, but Resend received ${received.length}`);
  return { problems, sent };
}

/** What changed between two snapshots, as "events +3"; empty when nothing did. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  return (Object.keys(before) as (keyof Snapshot)[])
    .filter((k) => after[k] !== before[k])
    .map((k) => `${k} ${after[k] - before[k] > 0 ? "+" : ""}${after[k] - before[k]}`);
}

type OrderState = {
  index: number;
  status: string;
  events: number;
  paidChanges: number;
  grants: number;
  receipts: number;
};

/**
 * Checks every pending order the run created against what its delivery was answered.
 * `grantsPerOrder` is the number of files the paid product has.
 */
export async function checkPayingDeliveries(
  db: Client,
  storeId: string,
  deliveries: PayingDeliveries,
  bodies: DeliveryBodies,
  grantsPerOrder: number,
): Promise<{ problems: string[]; paid: number; answered2xx: number; inFlight: number }> {
  const { orders } = deliveries;
  const { rows } = await db.query<Record<keyof OrderState, string | number>>(
    `with sent as (
       select order_id, event_id, (i - 1)::int as index
       from unnest($2::uuid[], $3::text[]) with ordinality as t(order_id, event_id, i)
     ),
     e as (select stripe_event_id, count(*) as n from webhook_events
           where store_id = $1 and stripe_event_id = any($3::text[]) group by 1),
     c as (select order_id, count(*) as n from order_status_changes
           where store_id = $1 and to_status = 'paid' and order_id = any($2::uuid[]) group by 1),
     g as (select order_id, count(*) as n from download_grants
           where store_id = $1 and order_id = any($2::uuid[]) group by 1),
     m as (select dedupe_key, count(*) as n from email_outbox
           where store_id = $1 and kind = 'receipt' and dedupe_key like 'receipt:%' group by 1)
     select sent.index, o.status, coalesce(e.n, 0)::int as events, coalesce(c.n, 0)::int as "paidChanges",
       coalesce(g.n, 0)::int as grants, coalesce(m.n, 0)::int as receipts
     from sent
     join orders o on o.id = sent.order_id and o.store_id = $1
     left join e on e.stripe_event_id = sent.event_id
     left join c on c.order_id = sent.order_id
     left join g on g.order_id = sent.order_id
     left join m on m.dedupe_key = 'receipt:' || sent.order_id`,
    [storeId, orders.map((o) => o.id), orders.map((_, i) => bodies.eventId(i))],
  );
  const problems: string[] = [];
  if (rows.length !== orders.length) problems.push(`expected ${orders.length} pending orders, found ${rows.length}`);
  const describe = (s: OrderState) =>
    `${s.status}, ${s.events} event(s), ${s.paidChanges} paid transition(s), ${s.grants} grant(s), ${s.receipts} receipt(s)`;
  const untouched = (s: OrderState) =>
    s.status === "pending" && s.events === 0 && s.paidChanges === 0 && s.grants === 0 && s.receipts === 0;
  const paidOnce = (s: OrderState) =>
    s.status === "paid" && s.events === 1 && s.paidChanges === 1 && s.grants === grantsPerOrder && s.receipts === 1;
  let paid = 0;
  let answered2xx = 0;
  let inFlight = 0;
  const report = (message: string) => problems.length < 20 && problems.push(message);
  for (const raw of rows) {
    const s = {
      index: Number(raw.index),
      status: String(raw.status),
      events: Number(raw.events),
      paidChanges: Number(raw.paidChanges),
      grants: Number(raw.grants),
      receipts: Number(raw.receipts),
    };
    const answer = deliveries.answered.get(s.index);
    if (s.status === "paid") paid++;
    if (answer !== undefined && answer >= 200 && answer < 300) {
      answered2xx++;
      if (!paidOnce(s)) report(`delivery ${s.index} was answered ${answer} but its order is ${describe(s)}`);
    } else if (s.index < deliveries.sent) {
      if (answer === undefined) inFlight++;
      // Cut off when the run stopped, or refused: all of the payment or none of it.
      if (!paidOnce(s) && !untouched(s)) {
        report(`delivery ${s.index} (answered ${answer ?? "never"}) left its order half done: ${describe(s)}`);
      }
    } else if (!untouched(s)) {
      report(`order ${s.index} was never delivered but is ${describe(s)}`);
    }
  }
  const { rows: twice } = await db.query<{ order_id: string; n: string }>(
    `select order_id, count(*) as n from order_status_changes
     where store_id = $1 and to_status = 'paid' group by order_id having count(*) > 1 limit 5`,
    [storeId],
  );
  for (const row of twice) problems.push(`order ${row.order_id} was marked paid ${row.n} times`);
  return { problems, paid, answered2xx, inFlight };
}
