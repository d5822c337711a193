// GET /checkout on a store host – email, then the Payment Element for the cart.
import { Lock, ShoppingCart } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Alert } from "@/app/components/ui/alert";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { CART_COOKIE, parseCart, priceCart } from "@/lib/checkout/cart";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatMoney } from "@/lib/money";
import { requireStorefrontForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "../store-header";
import { StorefrontPaused } from "../storefront-paused";
import { PaymentStateBanner } from "../test-mode-banner";
import { CheckoutForm } from "./checkout-form";
import { HostedCheckoutForm } from "./hosted-checkout-form";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ store: string }> }) {
  const { store, pause } = await requireStorefrontForRequest((await params).store);
  if (pause) return <StorefrontPaused store={store} pause={pause} />;
  const [cart, availability] = await Promise.all([
    priceCart(store.id, parseCart((await cookies()).get(CART_COOKIE)?.value)),
    paymentAvailability(store),
  ]);
  const total = formatMoney(cart.total, cart.currency ?? store.currency);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={availability} />
      <PageMain>
        <BackLink href="/cart">Cart</BackLink>
        <PageHeader title="Checkout" />
        {cart.lines.length === 0 ? (
          <EmptyState icon={<ShoppingCart aria-hidden />}>
            Your cart is empty. <Link href="/">Browse products</Link>
          </EmptyState>
        ) : (
          <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
            <Card className="grid gap-4">
              {availability.available && availability.checkoutMode === "stripe_checkout" ? (
                <HostedCheckoutForm />
              ) : availability.available ? (
                <CheckoutForm stripeJsUrl={availability.stripeJsUrl} total={total} />
              ) : (
                <Alert tone="warning" role="status">
                  {availability.reason}
                </Alert>
              )}
              <p className="flex items-center gap-2 text-sm text-gray-600">
                <Lock className="size-4 shrink-0 text-success-600" aria-hidden />
                Payment is handled securely by Stripe; card details never reach this store.
              </p>
            </Card>
            <Card className="grid gap-3 max-lg:-order-1">
              <h2 className="font-semibold text-gray-900">Order summary</h2>
              <ul className="grid gap-2 text-sm">
                {cart.lines.map(({ product: p, amount }) => (
                  <li key={p.id} className="flex justify-between gap-4">
                    <span className="min-w-0 break-words text-gray-700">{p.name}</span>
                    <span className="shrink-0 text-gray-900 tabular-nums">{formatMoney(amount, p.currency)}</span>
                  </li>
                ))}
              </ul>
              <p className="border-t border-gray-200 pt-3 font-semibold text-gray-900 tabular-nums">Total: {total}</p>
            </Card>
          </div>
        )}
      </PageMain>
    </>
  );
}
