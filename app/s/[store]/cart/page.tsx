// GET /cart on a store host – the shopper's cart, priced from the database.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { CART_COOKIE, parseCart, priceCart } from "@/lib/checkout/cart";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatMoney } from "@/lib/money";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../store-header";
import { PaymentStateBanner } from "../test-mode-banner";
import { removeFromCart } from "./actions";

export const metadata: Metadata = { title: "Cart" };

export default async function CartPage({ params }: { params: Promise<{ store: string }> }) {
  const store = await requireStoreForRequest((await params).store);
  const [cart, availability] = await Promise.all([
    priceCart(store.id, parseCart((await cookies()).get(CART_COOKIE)?.value)),
    paymentAvailability(store),
  ]);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={availability} />
      <main>
        <h1>Your cart</h1>
        {cart.unavailable > 0 && <p className="alert warn">Some products are no longer for sale and were removed.</p>}
        {cart.lines.length === 0 ? (
          <p className="muted">Your cart is empty. <Link href="/">Browse products</Link></p>
        ) : (
          <>
            {cart.lines.map((product) => (
              <div key={product.id} className="cart-line">
                <Link href={`/products/${product.slug}`}>{product.name}</Link>
                <span className="price">{formatMoney(product.priceAmount, product.currency)}</span>
                <form action={removeFromCart}>
                  <input type="hidden" name="productId" value={product.id} />
                  <button type="submit" className="secondary" aria-label={`Remove ${product.name}`}>Remove</button>
                </form>
              </div>
            ))}
            <p className="price">Total: {formatMoney(cart.total, cart.currency ?? store.currency)}</p>
            {availability.available ? (
              <Link className="button" href="/checkout">Checkout</Link>
            ) : (
              <p className="muted">{availability.reason}</p>
            )}
          </>
        )}
      </main>
    </>
  );
}
