// GET / on a store host – the storefront: the store's published products.
import type { Metadata } from "next";
import Link from "next/link";
import { listPublishedProducts } from "@/lib/catalog/products";
import { formatMoney } from "@/lib/money";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { StoreHeader } from "./store-header";
import { PaymentStateBanner } from "./test-mode-banner";
import { paymentAvailability } from "@/lib/checkout/payment-availability";

type Props = { params: Promise<{ store: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const store = await requireStoreForRequest((await params).store);
  return { title: { absolute: store.name } };
}

export default async function StorefrontPage({ params }: Props) {
  const store = await requireStoreForRequest((await params).store);
  const products = await listPublishedProducts(store.id);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={await paymentAvailability(store)} />
      <main>
        <h1>{store.name}</h1>
        {products.length === 0 ? (
          <p className="muted">This store has no products yet. Check back soon.</p>
        ) : (
          <div className="grid">
            {products.map((product) => (
              <Link key={product.id} className="card product-card" href={`/products/${product.slug}`}>
                <h2>{product.name}</h2>
                <p className="price">{formatMoney(product.priceAmount, product.currency)}</p>
              </Link>
            ))}
          </div>
        )}
      </main>
    </>
  );
}
