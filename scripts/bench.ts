// npm run bench — webhook pipeline cost on the embedded database, as ratios from one run:
// a delivery that pays an order (grants + receipt) vs a duplicate vs a refused delivery.
import os from "node:os";
import { closeDb } from "@/lib/db";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { createPendingOrderWithIntent, createProductWithFile, createStoreWithStripe } from "@/test/factories";
import { paymentIntent, signed, stripeEvent, testSecret } from "@/test/stripe-events";

const N = 200;
const { store, keys } = await createStoreWithStripe();
const { product } = await createProductWithFile(store, { priceAmount: 1000 });
const deliveries: { rawBody: string; header: string }[] = [];
for (let i = 0; i < N; i++) {
  const order = await createPendingOrderWithIntent(store, product.id);
  const event = stripeEvent(
    "payment_intent.succeeded",
    paymentIntent({ id: order.paymentIntentId, amount: 1000, orderId: order.id }),
  );
  deliveries.push(signed(event, keys.testWebhookSecret));
}
const wrongSecret = testSecret("whsec");

async function time(label: string, run: (i: number) => Promise<{ status: number }>, expected: number) {
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const { status } = await run(i);
    if (status !== expected) throw new Error(`${label}: got ${status}`);
  }
  return (performance.now() - started) / N;
}

const paying = await time("paying", (i) => receiveWebhook(store, deliveries[i]!.rawBody, deliveries[i]!.header), 200);
const duplicate = await time(
  "duplicate",
  (i) => receiveWebhook(store, deliveries[i]!.rawBody, deliveries[i]!.header),
  200,
);
const refused = await time(
  "refused",
  (i) => receiveWebhook(store, deliveries[i]!.rawBody, signed(deliveries[i]!.rawBody, wrongSecret).header),
  400,
);
await closeDb();

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PGlite in memory, ${N} deliveries each`,
);
console.log(`paying delivery:    ${paying.toFixed(2)} ms  (1.00×)`);
console.log(`duplicate delivery: ${duplicate.toFixed(2)} ms  (${(duplicate / paying).toFixed(2)}× of paying)`);
console.log(`refused delivery:   ${refused.toFixed(2)} ms  (${(refused / paying).toFixed(2)}× of paying)`);
