// POST /shop/webhook and /shop/webhook/ on a store host – Stripe's event deliveries.
// Middleware rewrites both spellings here without a redirect: Stripe does not follow them.
import { NextResponse, type NextRequest } from "next/server";
import { findStoreForRequest } from "@/lib/tenancy/request-store";
import { receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ store: string }> };

export async function POST(request: NextRequest, { params }: Context) {
  const store = await findStoreForRequest((await params).store);
  if (!store) return NextResponse.json({ error: "No store at this address." }, { status: 404 });
  // The raw body, byte for byte: the signature is over exactly what Stripe sent.
  const rawBody = await request.text();
  const { status, body } = await receiveWebhook(store, rawBody, request.headers.get("stripe-signature"));
  return NextResponse.json(body, { status });
}
