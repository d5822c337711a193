// POST /shop/webhook and /shop/webhook/ on a store host – Stripe's event deliveries.
// Middleware rewrites both spellings here without a redirect: Stripe does not follow them.
import { NextResponse, type NextRequest } from "next/server";
import { findStoreForRequest } from "@/lib/tenancy/stores";

type Context = { params: Promise<{ store: string }> };

export async function POST(request: NextRequest, { params }: Context) {
  const store = await findStoreForRequest((await params).store);
  if (!store) return NextResponse.json({ error: "No store at this address." }, { status: 404 });
  if (!request.headers.get("stripe-signature")) {
    return NextResponse.json(
      { error: "Missing Stripe-Signature header: this endpoint only accepts events sent by Stripe." },
      { status: 400 },
    );
  }
  // Refused, never processed, until the owner saves a signing secret in Dashboard Settings.
  return NextResponse.json(
    { error: "This store has no Stripe webhook signing secret yet, so the event cannot be verified." },
    { status: 400 },
  );
}
