import "server-only";
import { and, eq } from "drizzle-orm";
import { orders, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { buyerOrderPath } from "@/lib/orders/buyer-order";
import { describeStripeError, stripeClient } from "@/lib/stripe/client";
import { storeUrl } from "@/lib/tenancy/stores";
import { openCheckoutOrder, type CheckoutInput } from "./start-checkout";

/**
 * The store's second checkout mode: a Stripe-hosted Checkout Session for an order priced
 * from the database. The same webhook pipeline marks it paid (checkout.session.* and
 * payment_intent.* events both carry the order id); Stripe returns the shopper to the
 * order's own page.
 */
export async function startHostedCheckout(store: Store, raw: CheckoutInput): Promise<{ orderId: string; url: string }> {
  const { order, credentials } = await openCheckoutOrder(store, raw);
  const metadata = { store_id: store.id, order_id: order.id };
  try {
    const session = await stripeClient(credentials.secretKey).checkout.sessions.create(
      {
        mode: "payment",
        line_items: order.items.map((item) => ({
          quantity: item.quantity,
          price_data: {
            currency: order.currency,
            unit_amount: item.unitAmount,
            product_data: { name: item.productName },
          },
        })),
        customer_email: order.email,
        client_reference_id: order.id,
        metadata,
        payment_intent_data: { metadata },
        success_url: storeUrl(store, buyerOrderPath(order.id)),
        cancel_url: storeUrl(store, "/cart"),
      },
      { idempotencyKey: `order:${order.id}:checkout-session` },
    );
    if (!session.url) throw new Error("Checkout Session without url");
    const db = await getDb();
    await db
      .update(orders)
      .set({ checkoutSessionId: session.id })
      .where(and(eq(orders.storeId, store.id), eq(orders.id, order.id)));
    log.info(
      { storeId: store.id, orderId: order.id, checkoutSessionId: session.id, outcome: "checkout_session_created" },
      "hosted checkout started",
    );
    return { orderId: order.id, url: session.url };
  } catch (error) {
    log.error(
      { storeId: store.id, orderId: order.id, err: describeStripeError(error) },
      "could not create Checkout Session",
    );
    throw new AppError("stripe_unavailable", `The payment could not be started: ${describeStripeError(error)}`, 502);
  }
}
