// GET /cart on a store host – the shopper's cart, priced from the database.
import { Lock, ShoppingCart, Trash2 } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Alert } from "@/app/components/ui/alert";
import { Button, buttonClasses } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { CART_COOKIE, parseCart, priceCart } from "@/lib/checkout/cart";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatMoney } from "@/lib/money";
import { requireStorefrontForRequest } from "@/lib/tenancy/request-store";
import { ProductCover } from "../product-cover";
import { StoreHeader } from "../store-header";
import { StorefrontPaused } from "../storefront-paused";
import { PaymentStateBanner } from "../test-mode-banner";
import { removeFromCart } from "./actions";

export const metadata: Metadata = { title: "Cart" };

export default async function CartPage({ params }: { params: Promise<{ store: string }> }) {
  const { store, pause } = await requireStorefrontForRequest((await params).store);
  // The cart stays in its cookie for when the store opens again.
  if (pause) return <StorefrontPaused store={store} pause={pause} />;
  const [cart, availability] = await Promise.all([
    priceCart(store.id, parseCart((await cookies()).get(CART_COOKIE)?.value)),
    paymentAvailability(store),
  ]);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={availability} />
      <PageMain>
        <PageHeader title="Your cart" />
        {cart.unavailable > 0 && (
          <Alert tone="warning" role="status" className="mb-4">
            Some products are no longer for sale and were removed.
          </Alert>
        )}
        {cart.lines.length === 0 ? (
          <EmptyState icon={<ShoppingCart aria-hidden />}>
            Your cart is empty. <Link href="/">Browse products</Link>
          </EmptyState>
        ) : (
          <div className="grid items-start gap-6 lg:grid-cols-[1fr_20rem]">
            <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200 bg-white shadow-xs">
              {cart.lines.map(({ product, amount }) => (
                <li key={product.id} className="flex items-center gap-4 p-4">
                  <ProductCover
                    product={product}
                    variant="card"
                    className="w-20 shrink-0 rounded-md border border-gray-200 sm:w-24"
                  />
                  <div className="grid min-w-0 flex-1 gap-1">
                    <Link
                      href={`/products/${product.slug}`}
                      className="font-medium break-words text-gray-900 hover:text-brand-700"
                    >
                      {product.name}
                    </Link>
                    <span className="text-sm text-gray-600 tabular-nums">{formatMoney(amount, product.currency)}</span>
                  </div>
                  <form action={removeFromCart}>
                    <input type="hidden" name="productId" value={product.id} />
                    <Button type="submit" variant="ghost" size="sm" aria-label={`Remove ${product.name}`}>
                      <Trash2 aria-hidden />
                      <span className="hidden sm:inline">Remove</span>
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
            <Card className="grid gap-4">
              <p className="text-lg font-semibold text-gray-900 tabular-nums">
                Total: {formatMoney(cart.total, cart.currency ?? store.currency)}
              </p>
              {availability.available ? (
                <Link className={buttonClasses("primary")} href="/checkout">
                  <Lock aria-hidden />
                  Checkout
                </Link>
              ) : (
                <p className="text-sm text-gray-600">{availability.reason}</p>
              )}
              <Link href="/" className="text-center text-sm font-medium text-gray-600 hover:text-gray-900">
                Continue shopping
              </Link>
            </Card>
          </div>
        )}
      </PageMain>
    </>
  );
}
