import Stripe from "stripe";
import type { Order, Store } from "@/db/schema";
import { attachPaymentIntent, createPendingOrder } from "@/lib/orders/orders";
import { loadWebhookSecrets } from "@/lib/stripe/settings";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { sandboxStripe, type SandboxAccount } from "./sandbox-account";

/**
 * A pending test order of `store` for one `productId`, paid with 4242 on the sandbox
 * account as checkout would (our order id in the PaymentIntent's metadata). Its webhook is
 * not delivered: `deliverSandboxEvent` does that, or the test leaves it lost.
 */
export async function payOrderOnSandbox(store: Store, account: SandboxAccount, productId: string) {
  const order = await createPendingOrder(store.id, {
    mode: "test",
    email: "buyer@example.test",
    lines: [{ productId, quantity: 1 }],
  });
  const intent = await sandboxStripe(account.keys.test.secret).paymentIntents.create({
    amount: order.totalAmount,
    currency: order.currency,
    payment_method: "pm_card_visa",
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    confirm: true,
    metadata: { order_id: order.id, store_id: store.id },
  });
  await attachPaymentIntent(store.id, order.id, intent.id);
  return { order, intent };
}

/** The sandbox's own event of `type` about `objectId`, found in its event list. */
export async function sandboxEvent(account: SandboxAccount, type: string, objectId: string): Promise<Stripe.Event> {
  const events = await sandboxStripe(account.keys.test.secret).events.list({ type, limit: 100 });
  const event = events.data.find((e) => (e.data.object as { id?: string }).id === objectId);
  if (!event) throw new Error(`the sandbox has no ${type} event for ${objectId}`);
  return event;
}

/** Hands that event to the store's webhook pipeline, signed as Stripe signs it with the store's saved Test secret. */
export async function deliverSandboxEvent(store: Store, account: SandboxAccount, type: string, objectId: string) {
  const payload = JSON.stringify(await sandboxEvent(account, type, objectId));
  const { secrets } = await loadWebhookSecrets(store.id);
  if (!secrets.test) throw new Error("the store has no Test webhook secret to sign with");
  return receiveWebhook(store, payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: secrets.test }));
}

/**
 * Pays a pending order of `store` as the Payment Element checkout does: a PaymentIntent with
 * our order id in its metadata, attached to the order, confirmed with `paymentMethod`. A
 * decline is an outcome here, not an error. Returns the PaymentIntent's id.
 */
export async function payPendingOrder(stripe: Stripe, store: Store, order: Order, paymentMethod: string) {
  const intent = await stripe.paymentIntents.create({
    amount: order.totalAmount,
    currency: order.currency,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    metadata: { order_id: order.id, store_id: store.id },
  });
  await attachPaymentIntent(store.id, order.id, intent.id);
  await stripe.paymentIntents.confirm(intent.id, { payment_method: paymentMethod }).catch((error: unknown) => {
    if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
  });
  return intent.id;
}
