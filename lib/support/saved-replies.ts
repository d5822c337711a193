/**
 * Staff's saved replies: the seed guide's common answers to "Stripe shows the payment, but
 * no order was created", ready to insert into a reply and adjust. Client-safe (no imports).
 */
export const SAVED_REPLIES = [
  {
    id: "wrong-webhook-url",
    title: "Wrong webhook URL",
    body: `Thanks for the details. Your Stripe webhook endpoint does not point at your store's webhook address, so Stripe's notices of payments never reach the store and no order is created.

In Stripe, go to Developers → Webhooks, open your endpoint and set its URL to exactly:
https://<your store>/shop/webhook/
(with /shop/, not /api/, and with the trailing slash), listening to payment_intent.succeeded and payment_intent.payment_failed.

Then open Admin → Webhooks in your store: the next delivery shows there. Admin → Webhooks → Payments without an order can repair any payment that was missed.`,
  },
  {
    id: "wrong-secret",
    title: "Wrong webhook signing secret",
    body: `Thanks for the details. Stripe reaches your store, but the store refuses its deliveries because the webhook signing secret saved in Dashboard Settings is not the one of this endpoint.

In Stripe, go to Developers → Webhooks, open the endpoint for your store and reveal its Signing secret. Paste it into Dashboard Settings for the same mode (Test or Live) and save. Then resend the failed events from Stripe, or use Admin → Webhooks → Payments without an order to repair the missed payments.`,
  },
  {
    id: "wrong-mode",
    title: "Webhook or keys in the wrong mode",
    body: `Thanks for the details. Your store and your Stripe endpoint are in different modes: Test and Live are completely separate in Stripe, each with its own keys, its own webhook endpoint and its own signing secret.

Check that the keys in Dashboard Settings match the mode you take payments in (the Test keys for Test, the Live keys for Live), and that the webhook endpoint was created while Stripe was in that same mode, with its own signing secret saved in the matching field. The launch checklist on your Overview page shows each of these checks.`,
  },
] as const;

export type SavedReply = (typeof SAVED_REPLIES)[number];
