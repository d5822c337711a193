// GET /products/:slug on a store host – one product.
import { Download, FileText, Lock } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Markdown } from "@/app/components/markdown";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { PageMain } from "@/app/components/ui/page-main";
import type { Product, Store } from "@/db/schema";
import { storefrontProduct, storefrontProductFiles } from "@/lib/catalog/storefront-cache";
import { paymentAvailability } from "@/lib/checkout/payment-availability";
import { formatBytes } from "@/lib/format-bytes";
import { formatAmountInput, formatMoney } from "@/lib/money";
import { requireStorefrontForRequest, type StorefrontPause } from "@/lib/tenancy/request-store";
import { ProductCover } from "../../product-cover";
import { StoreHeader } from "../../store-header";
import { StorefrontPaused } from "../../storefront-paused";
import { PaymentStateBanner } from "../../test-mode-banner";
import { AddToCartForm } from "./add-to-cart-form";

type Props = { params: Promise<{ store: string; slug: string }> };

type Loaded = { store: Store; pause: StorefrontPause; product: null } | { store: Store; pause: null; product: Product };

/** A paused store shows no product at all, not even whether the address names one. */
async function load({ params }: Props): Promise<Loaded> {
  const { store: segment, slug } = await params;
  const { store, pause } = await requireStorefrontForRequest(segment);
  if (pause) return { store, pause, product: null };
  const product = (await storefrontProduct(store, slug)) ?? notFound();
  return { store, pause, product };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { store, product } = await load(props);
  return { title: { absolute: product ? `${product.name} · ${store.name}` : store.name } };
}

export default async function ProductPage(props: Props) {
  const loaded = await load(props);
  if (loaded.pause) return <StorefrontPaused store={loaded.store} pause={loaded.pause} />;
  const { store, product } = loaded;
  const files = await storefrontProductFiles(store, product.id);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={await paymentAvailability(store)} />
      <PageMain>
        <BackLink href="/">All products</BackLink>
        <div className="grid gap-8 md:grid-cols-2 lg:gap-12">
          <ProductCover product={product} variant="detail" className="rounded-xl border border-gray-200" />
          <div className="grid content-start gap-6">
            <div className="grid gap-2">
              <p className="text-sm text-gray-500">Sold by {store.name}</p>
              <h1
                data-product-id={product.id}
                className="text-3xl font-semibold tracking-tight text-balance text-gray-900"
              >
                {product.name}
              </h1>
              <p className="text-2xl font-semibold text-gray-900 tabular-nums">
                {formatMoney(product.priceAmount, product.currency)}
                {product.payWhatYouWant && <span className="ml-2 text-base font-normal text-gray-500">suggested</span>}
              </p>
            </div>
            <Card className="grid gap-4">
              <AddToCartForm
                productId={product.id}
                payWhatYouWant={
                  product.payWhatYouWant
                    ? {
                        suggested: formatAmountInput(product.priceAmount, product.currency),
                        minimumLabel: formatMoney(product.minimumAmount ?? product.priceAmount, product.currency),
                        currency: product.currency,
                      }
                    : undefined
                }
              />
              <ul className="grid gap-2 border-t border-gray-200 pt-4 text-sm text-gray-600">
                <li className="flex items-center gap-2">
                  <Lock className="size-4 shrink-0 text-success-600" aria-hidden />
                  Secure payment through Stripe; card details never reach this store.
                </li>
                <li className="flex items-center gap-2">
                  <Download className="size-4 shrink-0 text-brand-600" aria-hidden />
                  Download links as soon as your payment goes through.
                </li>
              </ul>
            </Card>
            {files.length > 0 && (
              <section aria-labelledby="what-you-get" className="grid gap-3">
                <h2 id="what-you-get" className="text-lg font-semibold text-gray-900">
                  What you get
                </h2>
                <ul className="divide-y divide-gray-200 rounded-xl border border-gray-200 bg-white">
                  {files.map((file) => (
                    <li key={file.id} className="flex items-center gap-3 px-4 py-3 text-sm">
                      <FileText className="size-4 shrink-0 text-gray-400" aria-hidden />
                      <span className="min-w-0 flex-1 font-medium break-words text-gray-900">{file.fileName}</span>
                      <span className="shrink-0 text-gray-500 tabular-nums">{formatBytes(file.sizeBytes)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        </div>
        {product.description.trim() && (
          <section aria-labelledby="about" className="mt-12 max-w-3xl">
            <h2 id="about" className="mb-3 text-lg font-semibold text-gray-900">
              About this product
            </h2>
            <Markdown source={product.description} />
          </section>
        )}
      </PageMain>
    </>
  );
}
