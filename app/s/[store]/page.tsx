// GET / on a store host – the storefront: the store's published products.
import { PackageOpen } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageMain } from "@/app/components/ui/page-main";
import { storefrontProducts } from "@/lib/catalog/storefront-cache";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatMoney } from "@/lib/money";
import { requireStoreForRequest, requireStorefrontForRequest } from "@/lib/tenancy/request-store";
import { ProductCover } from "./product-cover";
import { StoreHeader } from "./store-header";
import { StorefrontPaused } from "./storefront-paused";
import { PaymentStateBanner } from "./test-mode-banner";

type Props = { params: Promise<{ store: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const store = await requireStoreForRequest((await params).store);
  return { title: { absolute: store.name } };
}

export default async function StorefrontPage({ params }: Props) {
  const { store, pause } = await requireStorefrontForRequest((await params).store);
  if (pause) return <StorefrontPaused store={store} pause={pause} />;
  const products = await storefrontProducts(store);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={await paymentAvailability(store)} />
      <PageMain>
        <div className="mb-8 grid gap-1.5">
          <h1 className="text-3xl font-semibold tracking-tight text-gray-900">{store.name}</h1>
          <p className="text-gray-600">Digital downloads, delivered as soon as your payment goes through.</p>
        </div>
        {products.length === 0 ? (
          <EmptyState icon={<PackageOpen aria-hidden />}>This store has no products yet. Check back soon.</EmptyState>
        ) : (
          <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
            {products.map((product) => (
              <li key={product.id}>
                <Link
                  href={`/products/${product.slug}`}
                  className="group flex h-full flex-col overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs transition hover:border-gray-300 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                >
                  <ProductCover product={product} variant="card" className="border-b border-gray-200" />
                  <div className="flex flex-1 flex-col gap-2 p-4">
                    <h2 className="font-semibold text-gray-900 group-hover:text-brand-700">{product.name}</h2>
                    <div className="mt-auto flex flex-wrap items-center justify-between gap-2">
                      <span className="font-semibold text-gray-900 tabular-nums">
                        {formatMoney(product.priceAmount, product.currency)}
                      </span>
                      {product.payWhatYouWant && <Badge tone="info">Pay what you want</Badge>}
                    </div>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </PageMain>
    </>
  );
}
