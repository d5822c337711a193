// POST /shop/webhook – the reference: verify a Stripe signature with the SDK and answer,
// nothing else. What the bare framework can do on this machine, for bench/run.ts's ratios.
import Stripe from "stripe";

const secret = process.env.BENCH_WEBHOOK_SECRET;

export async function POST(request: Request): Promise<Response> {
  if (!secret) return Response.json({ error: "BENCH_WEBHOOK_SECRET is not set" }, { status: 500 });
  const body = await request.text();
  try {
    const event = Stripe.webhooks.constructEvent(body, request.headers.get("stripe-signature") ?? "", secret);
    return Response.json({ received: true, id: event.id });
  } catch {
    return Response.json({ error: "Invalid signature." }, { status: 400 });
  }
}
