// POST /shop/webhook and /shop/webhook/ on a store host – Stripe's event deliveries.
// The hottest path, so middleware skips it (middleware.ts matcher): this handler resolves
// the store from the Host header itself, and Next answers both spellings without a redirect
// (skipTrailingSlashRedirect), which Stripe would not follow.
import { NextResponse, type NextRequest } from "next/server";
import { log } from "@/lib/log";
import { findStoreForHost } from "@/lib/tenancy/request-store";
import { readBodyWithin } from "@/lib/webhooks/read-body";
import { receiveOversizedWebhook, receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  const store = await findStoreForHost(request.headers.get("host"));
  if (!store) return NextResponse.json({ error: "No store at this address." }, { status: 404 });
  try {
    // The raw body, byte for byte: the signature is over exactly what Stripe sent.
    const body = await readBodyWithin(request);
    const { status, body: answer } = body.ok
      ? await receiveWebhook(store, body.text, request.headers.get("stripe-signature"))
      : await receiveOversizedWebhook(store);
    return NextResponse.json(answer, { status });
  } catch (error) {
    // Always a JSON answer; a 500 makes Stripe retry later.
    log.error({ err: error, storeId: store.id }, "webhook request failed");
    return NextResponse.json({ error: "Something went wrong on our side; please retry." }, { status: 500 });
  }
}
