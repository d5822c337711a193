// The platform the benchmark runs against, generated in SQL (generate_series, insert … select)
// so a million orders load in seconds: stores with their owners, catalogues, and order
// histories with everything a paid order leaves behind (items, timeline, grants, events,
// delivery records, receipts). The benchmark's own store is made through the app's code
// (bench/setup-store.ts) and gets its share of the history here.
import type { Client } from "pg";

export type BenchStore = {
  storeId: string;
  userId: string;
  /** Its products, each with one file; the history below buys the first three. */
  products: { id: string; fileId: string; name: string; priceAmount: number }[];
};

export type Scale = { stores: number; orders: number };

const DAY = 86_400;

/**
 * Adds `scale.stores - 1` stores beside the benchmark's store and `scale.orders` past
 * orders spread over all of them. `tag` keeps names unique when a database is reused.
 */
export async function loadDataset(
  db: Client,
  bench: BenchStore,
  scale: Scale,
  tag: string,
  progress: (line: string) => void = () => {},
): Promise<void> {
  if (bench.products.length < 3) throw new Error("the benchmark store needs at least three products");
  const S = scale.stores;
  const O = scale.orders;
  // Each statement that takes a while is reported, so a slow load says where its time goes.
  const step = async (text: string, params?: unknown[]) => {
    const started = performance.now();
    await db.query(text, params);
    const seconds = (performance.now() - started) / 1000;
    const target = /^\s*(?:insert into|create temp table)\s+(\w+)/i.exec(text)?.[1] ?? text.trim().split(/\s+/)[0];
    if (seconds >= 1) progress(`  ${target} ${seconds.toFixed(1)} s`);
  };
  await bulkSession(db);
  await step("begin");
  await step(`create temp table bench_stores (idx int primary key, store_id uuid not null, user_id uuid not null)
    on commit drop`);
  await step("insert into bench_stores values (0, $1, $2)", [bench.storeId, bench.userId]);
  await step(
    `insert into bench_stores select i, gen_random_uuid(), gen_random_uuid() from generate_series(1, ${S - 1}) i`,
  );

  // Owners, stores, memberships and Stripe settings (publishable keys only: these stores'
  // secrets would need the app's encryption, and nothing here verifies their deliveries).
  await step(`insert into users (id, email, password_hash, email_verified_at, created_at, updated_at)
    select user_id, 'owner-${tag}-' || idx || '@scale.bench.test', 'not-a-password-hash', now(),
      now() - make_interval(days => 400 - idx % 365), now()
    from bench_stores where idx > 0`);
  await step(`insert into stores (id, subdomain, name, support_email, created_at, updated_at)
    select store_id, 'scale-${tag}-' || idx, 'Scale store ' || idx, 'help-' || idx || '@scale.bench.test',
      now() - make_interval(days => 400 - idx % 365), now()
    from bench_stores where idx > 0`);
  await step(`insert into store_memberships (store_id, user_id, role)
    select store_id, user_id, 'owner' from bench_stores where idx > 0`);
  await step(`insert into store_stripe_settings (store_id, test_publishable_key, saved_by_user_id)
    select store_id, 'pk_test_scale${tag}' || idx, user_id from bench_stores where idx > 0`);

  // Three published products with one file each per store.
  await step(`create temp table bench_catalog (idx int, k int, product_id uuid, file_id uuid, name text, price int,
    primary key (idx, k)) on commit drop`);
  await step(
    `insert into bench_catalog select 0, k - 1, p.id, p.file_id, p.name, p.price
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) with ordinality as p(id, file_id, name, price, k)
     where k <= 3`,
    [
      bench.products.map((p) => p.id),
      bench.products.map((p) => p.fileId),
      bench.products.map((p) => p.name),
      bench.products.map((p) => p.priceAmount),
    ],
  );
  await step(`insert into bench_catalog
    select s.idx, k, gen_random_uuid(), gen_random_uuid(), 'Product ' || (k + 1) || ' of store ' || s.idx, 500 + 250 * k
    from bench_stores s, generate_series(0, 2) k where s.idx > 0`);
  await step(`insert into products (id, store_id, slug, name, description, price_amount, currency, status)
    select c.product_id, s.store_id, 'product-' || (c.k + 1), c.name, 'A generated product.', c.price, 'usd', 'published'
    from bench_catalog c join bench_stores s using (idx) where c.idx > 0`);
  await step(`insert into product_files (id, store_id, product_id, file_name, content_type, size_bytes, sha256, storage_key)
    select c.file_id, s.store_id, c.product_id, 'product-' || (c.k + 1) || '.pdf', 'application/pdf', 1048576,
      encode(sha256(c.file_id::text::bytea), 'hex'), s.store_id || '/' || c.file_id
    from bench_catalog c join bench_stores s using (idx) where c.idx > 0`);

  // The order history, over the past year: mostly paid, some abandoned, failed or refunded.
  await step(`create temp table bench_orders on commit drop as
    select n, gen_random_uuid() as id, n % ${S} as idx, (n / ${S}) % 3 as k,
      (case n % 50 when 7 then 'pending' when 13 then 'failed' when 21 then 'refunded' else 'paid' end)::order_status as status,
      (case when n % 10 = 0 then 'test' else 'live' end)::payment_mode as mode,
      now() - make_interval(secs => ${365 * DAY}::float8 * (${O} - n) / ${O}) as created
    from generate_series(0, ${O - 1}) n`);
  await step(`insert into orders (id, store_id, mode, status, email, currency, subtotal_amount, total_amount,
      amount_refunded, payment_intent_id, failure_message, paid_at, created_at, updated_at)
    select o.id, s.store_id, o.mode, o.status, 'buyer-' || o.n || '@example.test', 'usd', c.price, c.price,
      case when o.status = 'refunded' then c.price else 0 end, 'pi_scale_${tag}_' || o.n,
      case when o.status = 'failed' then 'Your card was declined.' end,
      case when o.status in ('paid', 'refunded') then o.created + interval '4 seconds' end, o.created, o.created
    from bench_orders o join bench_stores s using (idx) join bench_catalog c using (idx, k)`);
  await step(`insert into order_items (store_id, order_id, product_id, product_name, unit_amount, quantity, total_amount, created_at)
    select s.store_id, o.id, c.product_id, c.name, c.price, 1, c.price, o.created
    from bench_orders o join bench_stores s using (idx) join bench_catalog c using (idx, k)`);
  await step(`insert into order_status_changes (store_id, order_id, from_status, to_status, reason, stripe_event_id, created_at)
    select s.store_id, o.id, null::order_status, 'pending'::order_status, 'Checkout started', null, o.created
      from bench_orders o join bench_stores s using (idx)
    union all
    select s.store_id, o.id, 'pending'::order_status, case when o.status = 'failed' then 'failed' else 'paid' end::order_status,
      case when o.status = 'failed' then 'Payment failed' else 'Payment succeeded' end, 'evt_scale_${tag}_' || o.n,
      o.created + interval '4 seconds'
      from bench_orders o join bench_stores s using (idx) where o.status <> 'pending'
    union all
    select s.store_id, o.id, 'paid'::order_status, 'refunded'::order_status, 'Refunded', 'evt_scale_${tag}_r' || o.n, o.created + interval '2 days'
      from bench_orders o join bench_stores s using (idx) where o.status = 'refunded'`);
  await step(`insert into download_grants (store_id, order_id, product_file_id, token_hash, expires_at, download_limit,
      download_count, revoked_at, created_at, updated_at)
    select s.store_id, o.id, c.file_id, encode(sha256(('scale-${tag}-' || o.n)::bytea), 'hex'),
      o.created + interval '30 days', 5, o.n % 3, case when o.status = 'refunded' then o.created + interval '2 days' end,
      o.created, o.created
    from bench_orders o join bench_stores s using (idx) join bench_catalog c using (idx, k)
    where o.status in ('paid', 'refunded')`);
  // Stored payloads are trimmed (a real one is a few kB): the rows and their index count, not their bytes.
  await step(`insert into webhook_events (store_id, stripe_event_id, type, mode, payload, status, received_at, processed_at)
    select s.store_id, 'evt_scale_${tag}_' || o.n,
      case when o.status = 'failed' then 'payment_intent.payment_failed' else 'payment_intent.succeeded' end, o.mode,
      jsonb_build_object('id', 'evt_scale_${tag}_' || o.n, 'object', 'event',
        'data', jsonb_build_object('object', jsonb_build_object('id', 'pi_scale_${tag}_' || o.n, 'object', 'payment_intent',
          'amount', c.price, 'currency', 'usd', 'metadata', jsonb_build_object('order_id', o.id)))),
      'processed', o.created + interval '4 seconds', o.created + interval '4 seconds'
    from bench_orders o join bench_stores s using (idx) join bench_catalog c using (idx, k)
    where o.status <> 'pending'`);
  await step(`insert into webhook_deliveries (store_id, received_at, outcome, http_status, stripe_event_id, event_type,
      livemode, duration_ms, body_excerpt)
    select s.store_id, o.created + interval '4 seconds', 'processed', 200, 'evt_scale_${tag}_' || o.n,
      case when o.status = 'failed' then 'payment_intent.payment_failed' else 'payment_intent.succeeded' end,
      o.mode = 'live', 12, '{"id": "evt_scale_${tag}_' || o.n || '", "object": "event"'
    from bench_orders o join bench_stores s using (idx)
    where o.status <> 'pending'`);
  await step(`insert into email_outbox (store_id, kind, to_address, subject, html, text, dedupe_key, status, attempts,
      next_attempt_at, sent_at, created_at, updated_at)
    select s.store_id, 'receipt', 'buyer-' || o.n || '@example.test', 'Your receipt', '<p>Thank you for your order.</p>',
      'Thank you for your order.', 'receipt:' || o.id, 'sent', 1, o.created, o.created + interval '5 seconds',
      o.created, o.created
    from bench_orders o join bench_stores s using (idx)
    where o.status in ('paid', 'refunded')`);
  await step("commit");
  await step("reset session_replication_role");
  // Fresh statistics, as autovacuum would have gathered on a platform that grew to this size.
  await step("analyze");
}

/**
 * Row-level security binds the tables' owner too (FORCE); the platform scope sees every
 * store. A superuser also skips the foreign-key triggers (replica role), which are most of
 * the load's cost: every row here references rows made in the same load.
 */
async function bulkSession(db: Client): Promise<void> {
  await db.query("select set_config('app.scope', 'platform', false)");
  const { rows } = await db.query<{ rolsuper: boolean }>("select rolsuper from pg_roles where rolname = current_user");
  if (rows[0]?.rolsuper) await db.query("set session_replication_role = replica");
}

export type PendingOrder = { id: string; paymentIntentId: string };

/**
 * Pending orders of the benchmark's store, each with a PaymentIntent attached, as checkout
 * leaves them: the paying deliveries pay one each. Returned in creation order.
 */
export async function createPendingOrders(
  db: Client,
  bench: BenchStore,
  count: number,
  tag: string,
): Promise<PendingOrder[]> {
  const product = bench.products[0]!;
  await bulkSession(db);
  await db.query("begin");
  const { rows } = await db.query<{ id: string; payment_intent_id: string }>(
    `insert into orders (store_id, mode, status, email, currency, subtotal_amount, total_amount, payment_intent_id)
     select $1, 'test', 'pending', 'bench-buyer-' || n || '@example.test', 'usd', $2, $2, 'pi_bench_${tag}_' || n
     from generate_series(1, ${count}) n
     returning id, payment_intent_id`,
    [bench.storeId, product.priceAmount],
  );
  await db.query(
    `insert into order_items (store_id, order_id, product_id, product_name, unit_amount, quantity, total_amount)
     select $1, id, $2, $3, $4, 1, $4 from unnest($5::uuid[]) id`,
    [bench.storeId, product.id, product.name, product.priceAmount, rows.map((r) => r.id)],
  );
  await db.query(
    `insert into order_status_changes (store_id, order_id, to_status, reason)
     select $1, id, 'pending', 'Checkout started' from unnest($2::uuid[]) id`,
    [bench.storeId, rows.map((r) => r.id)],
  );
  await db.query("commit");
  await db.query("reset session_replication_role");
  await db.query("analyze orders, order_items, order_status_changes");
  return rows
    .map((r) => ({ id: r.id, paymentIntentId: r.payment_intent_id }))
    .sort((a, b) => Number(a.paymentIntentId.split("_").at(-1)) - Number(b.paymentIntentId.split("_").at(-1)));
}
