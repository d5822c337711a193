// GET /products/:slug on a store host – one product.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findPublishedProduct, listProductFiles } from "@/lib/catalog/products";
import { formatMoney } from "@/lib/money";
import { requireStoreForRequest } from "@/lib/tenancy/request-store";
import { addToCart } from "../../cart/actions";
import { StoreHeader } from "../../store-header";
import { PaymentStateBanner } from "../../test-mode-banner";
import { paymentAvailability } from "@/lib/checkout/payment-availability";

type Props = { params: Promise<{ store: string; slug: string }> };

async function load({ params }: Props) {
  const { store: segment, slug } = await params;
  const store = await requireStoreForRequest(segment);
  const product = (await findPublishedProduct(store.id, slug)) ?? notFound();
  return { store, product };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { store, product } = await load(props);
  return { title: { absolute: `${product.name} · ${store.name}` } };
}

export default async function ProductPage(props: Props) {
  const { store, product } = await load(props);
  const files = await listProductFiles(store.id, product.id);
  return (
    <>
      <StoreHeader store={store} />
      <PaymentStateBanner availability={await paymentAvailability(store)} />
      <main>
        <p><a href="/">← All products</a></p>
        <h1 data-product-id={product.id}>{product.name}</h1>
        <p className="price">{formatMoney(product.priceAmount, product.currency)}</p>
        <p>{product.description}</p>
        <form action={addToCart}>
          <input type="hidden" name="productId" value={product.id} />
          <button type="submit">Add to cart</button>
        </form>
        <h2>What you get</h2>
        <ul>
          {files.map((file) => (
            <li key={file.id}>{file.fileName} <span className="muted">({formatBytes(file.sizeBytes)})</span></li>
          ))}
        </ul>
      </main>
    </>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
