// What the benchmark sends: Stripe deliveries signed as Stripe signs them, and the pages a
// buyer loads, as autocannon request lists. Each path says which answer it expects.
import type autocannon from "autocannon";
import Stripe from "stripe";
import { paymentIntent, stripeEvent } from "../test/stripe-events";
import type { PendingOrder } from "./dataset";

/** Stripe does not follow redirects, so store webhooks are registered with the slash. */
export const WEBHOOK_PATH = "/shop/webhook/";

export type Expectation = "2xx" | 400;

export type BenchPath = {
  key: string;
  label: string;
  method: "GET" | "POST";
  /** The route as a reader would recognise it (tokens elided). */
  route: string;
  expect: Expectation;
  requests: autocannon.Request[];
};

/**
 * `payment_intent.succeeded` for each pending order, built from Stripe's own fixture (a body
 * of Stripe's real size and shape); ids are filled in per delivery.
 */
export class DeliveryBodies {
  private readonly template: string;

  constructor(
    private readonly tag: string,
    amount: number,
  ) {
    const event = stripeEvent(
      "payment_intent.succeeded",
      paymentIntent({ id: "pi_BENCHINTENT", amount, orderId: "BENCHORDER", status: "succeeded" }),
    );
    // Stripe sends its events pretty-printed; the signature covers exactly these bytes.
    this.template = JSON.stringify({ ...event, id: "evt_BENCHEVENT" }, null, 2);
  }

  eventId(index: number): string {
    return `evt_bench_${this.tag}_${index}`;
  }

  body(index: number, order: PendingOrder): string {
    return this.template
      .replaceAll("evt_BENCHEVENT", this.eventId(index))
      .replaceAll("pi_BENCHINTENT", order.paymentIntentId)
      .replaceAll("BENCHORDER", order.id);
  }
}

const sign = (payload: string, secret: string) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(Date.now() / 1000) });

const deliveryHeaders = (host: string, signature: string) => ({
  host,
  "content-type": "application/json; charset=utf-8",
  "stripe-signature": signature,
  "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
});

/**
 * Paying deliveries: each request pays the next pending order, signed just before it is
 * sent. Records which orders were sent and what each answer was, so the database can be
 * checked against them afterwards.
 */
export class PayingDeliveries {
  private nextIndex = 0;
  /** Order index → HTTP status, for every delivery that got an answer. */
  readonly answered = new Map<number, number>();
  /** Set when the run wanted more orders than were created. */
  exhausted = false;
  onExhausted: () => void = () => {};

  constructor(
    readonly orders: PendingOrder[],
    private readonly bodies: DeliveryBodies,
    private readonly secret: string,
    private readonly host: string,
    /** The reference only verifies, so it may reuse bodies; the app must get each order once. */
    private readonly reuse = false,
  ) {}

  /** How many orders have been handed to a connection (sent, or about to be). */
  get sent(): number {
    return Math.min(this.nextIndex, this.orders.length);
  }

  request(): autocannon.Request {
    return {
      method: "POST",
      path: WEBHOOK_PATH,
      setupRequest: (request, context) => {
        let index = this.nextIndex++;
        if (this.reuse) index %= this.orders.length;
        else if (index >= this.orders.length) {
          if (!this.exhausted) {
            this.exhausted = true;
            this.onExhausted();
          }
          index = this.orders.length - 1;
        }
        context.index = index;
        const body = this.bodies.body(index, this.orders[index]!);
        return { ...request, body, headers: deliveryHeaders(this.host, sign(body, this.secret)) };
      },
      onResponse: (status, _body, context) => {
        const index = context.index as number;
        if (!this.reuse && !this.answered.has(index)) this.answered.set(index, status);
      },
    };
  }
}

/** One delivery sent again and again, freshly signed each time, as Stripe retries it. */
export function duplicateDelivery(body: string, secret: string, host: string): autocannon.Request {
  return {
    method: "POST",
    path: WEBHOOK_PATH,
    setupRequest: (request) => ({ ...request, body, headers: deliveryHeaders(host, sign(body, secret)) }),
  };
}

/** A well-formed delivery signed with a secret that is not the store's: must be refused with 400. */
export function refusedDelivery(body: string, host: string): autocannon.Request {
  const wrongSecret = `whsec_${"0".repeat(48)}`;
  return {
    method: "POST",
    path: WEBHOOK_PATH,
    setupRequest: (request) => ({ ...request, body, headers: deliveryHeaders(host, sign(body, wrongSecret)) }),
  };
}

/**
 * GETs that go round a list of paths (one page, or many buyers' links), shared by all
 * connections so concurrent requests are for different buyers, as they would be.
 */
export function pageRequest(paths: string[], host: string): autocannon.Request {
  if (paths.length === 0) throw new Error("no paths to request");
  const headers = { host, accept: "text/html,*/*", "user-agent": "storehost-bench" };
  let next = 0;
  return {
    method: "GET",
    setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]!, headers }),
  };
}
