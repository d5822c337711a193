// POST /shop/checkout on a store host – open an order and its PaymentIntent for a cart.
import { NextResponse, type NextRequest } from "next/server";
import { countCheckoutAttempt } from "@/lib/checkout/checkout-throttle";
import { checkoutInput, startCheckout } from "@/lib/checkout/start-checkout";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { log } from "@/lib/log";
import { clientIp } from "@/lib/security/client-ip";
import { isSameOriginRequest } from "@/lib/security/same-origin";
import { tooManyAttemptsMessage } from "@/lib/security/throttle";
import { findStoreForRequest, storefrontClosed } from "@/lib/tenancy/request-store";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest, { params }: { params: Promise<{ store: string }> }) {
  const store = await findStoreForRequest((await params).store);
  if (!store) return NextResponse.json({ error: "No store at this address." }, { status: 404 });
  // Paused by its owner: nothing to sell, whatever the request holds (and no attempt counted).
  const closed = storefrontClosed(store);
  if (closed) return errorResponse(closed);
  if (!isSameOriginRequest(request.headers)) {
    return NextResponse.json(
      { error: "Checkout must start on the store's own pages.", code: "cross_origin" },
      { status: 403 },
    );
  }
  // JSON only: a form or text/plain body is what another site can send without a preflight.
  if (!isJsonRequest(request.headers)) {
    return NextResponse.json(
      { error: "Send the cart as application/json.", code: "unsupported_media_type" },
      { status: 415 },
    );
  }
  // Every attempt counts, valid or not, before any work is done.
  const verdict = await countCheckoutAttempt(store.id, clientIp(request.headers));
  if (!verdict.allowed) {
    return NextResponse.json(
      { error: tooManyAttemptsMessage(verdict.retryAfterSeconds), code: "throttled" },
      { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } },
    );
  }
  const parsed = checkoutInput.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json(
      { error: parsed.error.issues[0]?.message ?? "The cart is not valid.", code: "invalid_input" },
      { status: 400 },
    );
  }
  try {
    return NextResponse.json(await startCheckout(store, parsed.data), { status: 201 });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    log.error({ err: error, storeId: store.id }, "checkout failed");
    return NextResponse.json({ error: GENERIC_ERROR_MESSAGE }, { status: 500 });
  }
}

function errorResponse(error: AppError): NextResponse {
  return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
}

function isJsonRequest(headers: Headers): boolean {
  return (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() === "application/json";
}
