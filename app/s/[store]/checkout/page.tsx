// GET /checkout on a store host – email, then the Payment Element for the cart.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { CART_COOKIE, parseCart, priceCart } from "@/lib/checkout/cart";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatMoney } from "@/lib/money";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../store-header";
import { PaymentStateBanner } from "../test-mode-banner";
import { CheckoutForm } from "./checkout-form";
import { HostedCheckoutForm } from "./hosted-checkout-form";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ store: string }> }) {
  const store = await requireStoreForRequest((await params).store);
  const [cart, availability] = await Promise.all([
    priceCart(store.id, parseCart((await cookies()).get(CART_COOKIE)?.value)),
    paymentAvailability(store),
  ]);
  const total = formatMoney(cart.total, cart.currency ?? store.currency);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={availability} />
      <main>
        <h1>Checkout</h1>
        {cart.lines.length === 0 ? (
          <p className="muted">Your cart is empty. <Link href="/">Browse products</Link></p>
        ) : (
          <>
            <ul>
              {cart.lines.map((p) => <li key={p.id}>{p.name}: {formatMoney(p.priceAmount, p.currency)}</li>)}
            </ul>
            <p className="price">Total: {total}</p>
            {availability.available && availability.checkoutMode === "stripe_checkout" ? (
              <HostedCheckoutForm />
            ) : availability.available ? (
              <CheckoutForm stripeJsUrl={availability.stripeJsUrl} total={total} />
            ) : (
              <p className="alert warn">{availability.reason}</p>
            )}
          </>
        )}
      </main>
    </>
  );
}
