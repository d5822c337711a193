// GET /catalogue – the page reference: a dozen product links, rendered per request as every
// storefront page is (the per-response CSP nonce rules out a prerendered page). No data
// source: what the bare framework's dynamic rendering costs on this machine, for the
// storefront paths' second ratio in bench/run.ts.
import { connection } from "next/server";
import Link from "next/link";

const PRODUCTS = Array.from({ length: 12 }, (_, i) => ({
  slug: `field-guide-${i + 1}`,
  name: `Field Guide Volume ${i + 1}`,
  price: `$${10 + i}.00`,
}));

export default async function CataloguePage() {
  // Rendered at request time, never at build time.
  await connection();
  return (
    <main>
      <h1>Benchmark Downloads</h1>
      <ul>
        {PRODUCTS.map((product) => (
          <li key={product.slug}>
            <Link href={`/products/${product.slug}`}>
              <h2>{product.name}</h2>
              <span>{product.price}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
