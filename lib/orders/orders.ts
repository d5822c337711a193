import "server-only";
import { and, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  orderItems,
  orders,
  orderStatus,
  orderStatusChanges,
  paymentMode,
  products,
  type Order,
  type Product,
  type OrderItem,
  type OrderStatus,
  type PaymentMode,
} from "@/db/schema";
import { getDb, type Executor, type Tx } from "@/lib/db";
import { acceptedAmount } from "@/lib/catalog/pricing";
import { AppError } from "@/lib/errors";
import { formatMoney, MAX_AMOUNT } from "@/lib/money";
import { decodeCursor, PAGE_SIZE, toPage, type Cursor, type Page } from "@/lib/pagination";
import { listRefundRequests } from "./refunds";
import { canTransition } from "./status";
import { containing } from "@/lib/sql-text";

export type CartLine = {
  productId: string;
  quantity: number;
  /** The shopper's amount for a pay-what-you-want product; ignored for fixed prices. */
  amount?: number | null;
};

export type PricedLine = { product: Product; quantity: number; unitAmount: number; total: number };

/**
 * Prices cart lines from the database, never from the client: published products of this
 * store only, the server's accepted amount for each (a fixed price, or a pay-what-you-want
 * amount within its bounds), one currency per order.
 */
export async function priceOrderLines(executor: Executor, storeId: string, lines: CartLine[]) {
  if (lines.length === 0) throw new AppError("empty_cart", "Your cart is empty.");
  const ids = [...new Set(lines.map((l) => l.productId))];
  const found = await executor
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), inArray(products.id, ids), eq(products.status, "published")));
  const byId = new Map(found.map((p) => [p.id, p]));
  const priced: PricedLine[] = lines.map((line) => {
    const product = byId.get(line.productId);
    if (!product) throw new AppError("product_unavailable", "A product in your cart is no longer for sale.", 409);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 100) {
      throw new AppError("bad_quantity", "Quantities must be between 1 and 100.");
    }
    const accepted = acceptedAmount(product, line.amount);
    if (!accepted.ok)
      throw new AppError("amount_refused", `${product.name}: ${accepted.message}`, 400, { amount: accepted.message });
    return { product, quantity: line.quantity, unitAmount: accepted.amount, total: accepted.amount * line.quantity };
  });
  const currencies = new Set(priced.map((p) => p.product.currency));
  if (currencies.size !== 1)
    throw new AppError("mixed_currency", "Products in different currencies can't be bought together.");
  const currency = priced[0]!.product.currency;
  const subtotal = priced.reduce((sum, p) => sum + p.total, 0);
  if (subtotal > MAX_AMOUNT) {
    throw new AppError(
      "order_too_large",
      `One order can be at most ${formatMoney(MAX_AMOUNT, currency)}. Split your cart.`,
      400,
    );
  }
  return { lines: priced, currency, subtotal };
}

/** Opens a pending order priced by `priceOrderLines`. */
export async function createPendingOrder(
  storeId: string,
  input: { mode: PaymentMode; email: string; lines: CartLine[] },
): Promise<Order & { items: OrderItem[] }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { lines: priced, currency, subtotal } = await priceOrderLines(tx, storeId, input.lines);
    const [order] = await tx
      .insert(orders)
      .values({
        storeId,
        mode: input.mode,
        email: input.email,
        currency,
        subtotalAmount: subtotal,
        totalAmount: subtotal,
      })
      .returning();
    if (!order) throw new Error("order insert returned no row");
    const items = await tx
      .insert(orderItems)
      .values(
        priced.map((p) => ({
          storeId,
          orderId: order.id,
          productId: p.product.id,
          productName: p.product.name,
          unitAmount: p.unitAmount,
          quantity: p.quantity,
          totalAmount: p.total,
        })),
      )
      .returning();
    await tx
      .insert(orderStatusChanges)
      .values({ storeId, orderId: order.id, toStatus: "pending", reason: "Checkout started" });
    return { ...order, items };
  });
}

export async function attachPaymentIntent(storeId: string, orderId: string, paymentIntentId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(orders)
    .set({ paymentIntentId })
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)));
}

/**
 * The order a Stripe object refers to, locked for this transaction: by our order id in
 * its metadata, else by PaymentIntent id. Always within the store, so another store's
 * PaymentIntent can never reach this store's orders.
 */
export async function findOrderForPayment(
  tx: Tx,
  storeId: string,
  ref: { orderId?: string | null; paymentIntentId?: string | null; checkoutSessionId?: string | null },
): Promise<Order | null> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const conditions = [
    ref.orderId && uuid.test(ref.orderId) ? eq(orders.id, ref.orderId) : undefined,
    ref.paymentIntentId ? eq(orders.paymentIntentId, ref.paymentIntentId) : undefined,
    ref.checkoutSessionId ? eq(orders.checkoutSessionId, ref.checkoutSessionId) : undefined,
  ].filter((c) => c !== undefined);
  for (const condition of conditions) {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.storeId, storeId), condition))
      .for("update")
      .limit(1);
    if (order) return order;
  }
  return null;
}

export type TransitionResult = { changed: boolean; order: Order };

/**
 * Moves an order to `to` if the lifecycle allows it, with an entry in its timeline.
 * Returns `changed: false` (and changes nothing) for a backwards or repeated move.
 */
export async function transitionOrder(
  tx: Tx,
  order: Order,
  to: OrderStatus,
  change: {
    reason: string;
    stripeEventId?: string;
    patch?: Partial<
      Pick<Order, "paymentIntentId" | "checkoutSessionId" | "failureMessage" | "amountRefunded" | "paidAt">
    >;
  },
): Promise<TransitionResult> {
  const sameStatusUpdate = order.status === to && (to === "failed" || to === "partially_refunded");
  if (!canTransition(order.status, to) && !sameStatusUpdate) return { changed: false, order };
  const [updated] = await tx
    .update(orders)
    .set({ status: to, ...change.patch })
    .where(and(eq(orders.storeId, order.storeId), eq(orders.id, order.id)))
    .returning();
  if (!updated) throw new Error("order vanished during transition");
  await tx.insert(orderStatusChanges).values({
    storeId: order.storeId,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: to,
    reason: change.reason,
    stripeEventId: change.stripeEventId,
  });
  return { changed: true, order: updated };
}

export async function listOrderItems(executor: Executor, storeId: string, orderId: string): Promise<OrderItem[]> {
  return executor
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.storeId, storeId), eq(orderItems.orderId, orderId)));
}

export type OrderFilter = {
  status?: OrderStatus;
  mode?: PaymentMode;
  /** An email (or part of one), or the start of an order id as the list shows it. */
  q?: string;
};

/** The orders list's filters as the URL carries them; anything unknown is ignored, not an error. */
export const orderFilterSchema = z.object({
  status: z.enum(orderStatus.enumValues).optional().catch(undefined),
  mode: z.enum(paymentMode.enumValues).optional().catch(undefined),
  q: z.string().trim().max(254).optional().catch(undefined),
});

function orderConditions(storeId: string, filter: OrderFilter): SQL | undefined {
  const q = filter.q?.trim().toLowerCase();
  return and(
    eq(orders.storeId, storeId),
    filter.status ? eq(orders.status, filter.status) : undefined,
    filter.mode ? eq(orders.mode, filter.mode) : undefined,
    q ? searchCondition(q) : undefined,
  );
}

/** Hex and dashes read as the start of an order id; anything else as part of an email. */
function searchCondition(q: string): SQL | undefined {
  if (/^[0-9a-f-]{4,36}$/.test(q)) {
    return or(sql`${orders.id}::text like ${`${q}%`}`, ilike(orders.email, containing(q)));
  }
  return ilike(orders.email, containing(q));
}

/** One page of a store's orders, newest first, after `cursor`. */
export async function listOrders(
  storeId: string,
  filter: OrderFilter = {},
  page: { cursor?: Cursor | null; limit?: number } = {},
): Promise<Page<Order>> {
  const limit = page.limit ?? PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({ order: orders, at: sql<string>`${orders.createdAt}::text` })
    .from(orders)
    .where(
      and(
        orderConditions(storeId, filter),
        page.cursor
          ? sql`(${orders.createdAt}, ${orders.id}) < (${page.cursor.at}::timestamptz, ${page.cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  return toPage(rows, limit, ({ order, at }) => ({ row: order, cursor: { at, id: order.id } }));
}

/**
 * Every order the filter matches, page by page, for the CSV export: memory stays flat
 * however many orders a store has.
 */
export async function* eachOrder(storeId: string, filter: OrderFilter, batch = 500): AsyncGenerator<Order> {
  let cursor: Cursor | null = null;
  do {
    const page: Page<Order> = await listOrders(storeId, filter, { cursor, limit: batch });
    yield* page.rows;
    cursor = decodeCursor(page.nextCursor);
  } while (cursor);
}

/** One order for the admin's order page: its items, timeline and refund requests. */
export async function getOrderDetail(storeId: string, orderId: string) {
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)))
    .limit(1);
  if (!order) return null;
  const [items, history, refundRequests] = await Promise.all([
    listOrderItems(db, storeId, orderId),
    db
      .select()
      .from(orderStatusChanges)
      .where(and(eq(orderStatusChanges.storeId, storeId), eq(orderStatusChanges.orderId, orderId)))
      .orderBy(orderStatusChanges.createdAt),
    listRefundRequests(db, storeId, orderId),
  ]);
  return { order, items, history, refundRequests };
}

/** Live revenue in minor units per currency: paid orders minus refunds; test orders never count. */
export async function liveRevenue(storeId: string): Promise<{ currency: string; amount: number }[]> {
  const db = await getDb();
  const rows = await db
    .select({ currency: orders.currency, amount: sql<string>`sum(${orders.totalAmount} - ${orders.amountRefunded})` })
    .from(orders)
    .where(
      and(
        eq(orders.storeId, storeId),
        eq(orders.mode, "live"),
        inArray(orders.status, ["paid", "partially_refunded", "refunded"]),
      ),
    )
    .groupBy(orders.currency);
  return rows.map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
}
