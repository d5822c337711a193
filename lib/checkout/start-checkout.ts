import "server-only";
import { z } from "zod";
import type { Order, Store } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { buyerOrderPath } from "@/lib/orders/buyer-order";
import { getDb } from "@/lib/db";
import { attachPaymentIntent, createPendingOrder, getOrderDetail, priceOrderLines } from "@/lib/orders/orders";
import { describeStripeError, stripeClient } from "@/lib/stripe/client";
import { loadStripeCredentials, type StripeCredentials } from "@/lib/stripe/settings";
import { requireStorefrontOpen } from "@/lib/tenancy/request-store";

const QUANTITY_MESSAGE = "Quantities must be whole numbers from 1 to 100.";

/**
 * A cart as JSON. Numbers must be JSON numbers: nothing is coerced, so `"1e2"`, `"100"`,
 * `true` or `1.5` are refused rather than read as something the shopper never typed.
 */
export const checkoutInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Enter a valid email address for your receipt.")
    .pipe(z.email("Enter a valid email address for your receipt.")),
  items: z
    .array(
      z.object({
        productId: z.uuid(),
        quantity: z.int(QUANTITY_MESSAGE).min(1, QUANTITY_MESSAGE).max(100, QUANTITY_MESSAGE),
        /** Minor units the shopper chose for a pay-what-you-want product; the server checks it. */
        amount: z.int("Amounts must be whole numbers in the currency's smallest unit.").nonnegative().nullish(),
      }),
    )
    .min(1, "Your cart is empty.")
    .max(50),
});
export type CheckoutInput = z.input<typeof checkoutInput>;

export type StartedCheckout = {
  orderId: string;
  /** Where the buyer follows the order (the return page and the receipt's link). */
  orderPath: string;
  paymentIntentId: string;
  clientSecret: string;
  publishableKey: string;
  amount: number;
  currency: string;
  mode: "test" | "live";
};

/**
 * The first step of either checkout mode: the store must be open (not paused) and able to
 * take payments, then a pending order is priced from the database in the active mode.
 */
export async function openCheckoutOrder(store: Store, raw: CheckoutInput) {
  requireStorefrontOpen(store);
  const input = checkoutInput.parse(raw);
  const credentials = store.status === "active" ? await loadStripeCredentials(store.id) : null;
  if (!credentials) throw new AppError("payments_unavailable", "This store cannot take payments yet.", 409);
  const order = await createPendingOrder(store.id, {
    mode: credentials.mode,
    email: input.email,
    lines: input.items,
  });
  return { order, credentials };
}

/**
 * Opens an order priced from the database and its PaymentIntent on the store's own Stripe
 * account (active mode). The idempotency key ties the PaymentIntent to the order, so a
 * retried request never creates a second one; metadata lets webhooks and reconciliation
 * find the order.
 */
export async function startCheckout(store: Store, raw: CheckoutInput): Promise<StartedCheckout> {
  const { order, credentials } = await openCheckoutOrder(store, raw);
  try {
    const intent = await stripeClient(credentials.secretKey).paymentIntents.create(
      {
        amount: order.totalAmount,
        currency: order.currency,
        automatic_payment_methods: { enabled: true },
        receipt_email: order.email,
        metadata: { store_id: store.id, order_id: order.id },
        description: `${store.name} order ${order.id.slice(0, 8)}`,
      },
      { idempotencyKey: `order:${order.id}:payment-intent` },
    );
    await attachPaymentIntent(store.id, order.id, intent.id);
    log.info(
      {
        storeId: store.id,
        orderId: order.id,
        paymentIntentId: intent.id,
        mode: credentials.mode,
        outcome: "payment_intent_created",
      },
      "checkout started",
    );
    if (!intent.client_secret) throw new Error("PaymentIntent without client_secret");
    return started(order, intent.id, intent.client_secret, credentials);
  } catch (error) {
    log.error(
      { storeId: store.id, orderId: order.id, err: describeStripeError(error) },
      "could not create PaymentIntent",
    );
    throw new AppError("stripe_unavailable", `The payment could not be started: ${describeStripeError(error)}`, 502);
  }
}

/**
 * The checkout attempt the shopper already has, if it still fits: same store, still
 * unpaid, same email and products. Reloading the checkout page or retrying after a
 * decline reuses its order and PaymentIntent instead of opening new ones.
 */
export async function resumeCheckout(
  store: Store,
  orderId: string,
  raw: CheckoutInput,
): Promise<StartedCheckout | null> {
  // A PaymentIntent opened before the pause must not be handed out again to pay during it.
  requireStorefrontOpen(store);
  const input = checkoutInput.parse(raw);
  const detail = await getOrderDetail(store.id, orderId);
  const credentials = await loadStripeCredentials(store.id);
  if (!detail || !credentials || !detail.order.paymentIntentId) return null;
  const { order, items } = detail;
  // The same products at the amounts the server would accept now (prices may have changed).
  const wanted = await priceOrderLines(await getDb(), store.id, input.items).catch(() => null);
  const signature = (lines: { productId: string | null; quantity: number; unitAmount: number }[]) =>
    lines
      .map((l) => `${l.productId}:${l.quantity}:${l.unitAmount}`)
      .sort()
      .join();
  const sameItems =
    wanted !== null && signature(items) === signature(wanted.lines.map((l) => ({ ...l, productId: l.product.id })));
  if (
    !["pending", "failed"].includes(order.status) ||
    order.email !== input.email ||
    !sameItems ||
    order.mode !== credentials.mode
  ) {
    return null;
  }
  const intent = await stripeClient(credentials.secretKey).paymentIntents.retrieve(detail.order.paymentIntentId);
  if (
    !intent.client_secret ||
    !["requires_payment_method", "requires_confirmation", "requires_action"].includes(intent.status)
  )
    return null;
  return started(order, intent.id, intent.client_secret, credentials);
}

function started(
  order: Pick<Order, "id" | "totalAmount" | "currency">,
  paymentIntentId: string,
  clientSecret: string,
  credentials: StripeCredentials,
): StartedCheckout {
  return {
    orderId: order.id,
    orderPath: buyerOrderPath(order.id),
    paymentIntentId,
    clientSecret,
    publishableKey: credentials.publishableKey,
    amount: order.totalAmount,
    currency: order.currency,
    mode: credentials.mode,
  };
}
