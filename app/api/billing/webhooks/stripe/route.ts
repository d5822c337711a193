// POST /api/billing/webhooks/stripe/ (and without the slash; never a redirect) on the root
// domain – the platform account's billing events (seed 003). See lib/billing/webhook.ts.
import { NextResponse, type NextRequest } from "next/server";
import { receiveBillingWebhook } from "@/lib/billing/webhook";
import { log } from "@/lib/log";
import { readBodyWithin } from "@/lib/webhooks/read-body";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  try {
    // The raw body, byte for byte: the signature is over exactly what Stripe sent.
    const body = await readBodyWithin(request);
    if (!body.ok) return NextResponse.json({ error: "body_too_large" }, { status: 413 });
    const { status, body: answer } = await receiveBillingWebhook(body.text, request.headers.get("stripe-signature"));
    return NextResponse.json(answer, { status });
  } catch (error) {
    log.error({ err: error }, "billing webhook request failed");
    return NextResponse.json({ error: "Something went wrong on our side; please retry." }, { status: 500 });
  }
}
