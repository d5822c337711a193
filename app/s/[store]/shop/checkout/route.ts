// POST /shop/checkout on a store host – open an order and its PaymentIntent for a cart.
import { NextResponse, type NextRequest } from "next/server";
import { checkoutInput, startCheckout } from "@/lib/checkout/start-checkout";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { log } from "@/lib/log";
import { findStoreForRequest } from "@/lib/tenancy/request-store";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest, { params }: { params: Promise<{ store: string }> }) {
  const store = await findStoreForRequest((await params).store);
  if (!store) return NextResponse.json({ error: "No store at this address." }, { status: 404 });
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
    if (error instanceof AppError)
      return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
    log.error({ err: error, storeId: store.id }, "checkout failed");
    return NextResponse.json({ error: GENERIC_ERROR_MESSAGE }, { status: 500 });
  }
}
