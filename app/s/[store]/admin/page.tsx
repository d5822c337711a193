// GET /admin on a store host – the store's admin overview (members only).
import type { Metadata } from "next";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listProductsWithFiles } from "@/lib/catalog/products";
import { formatMoney } from "@/lib/money";
import { storeUrl } from "@/lib/tenancy/stores";
import { AdminShell } from "./admin-shell";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store);
  const { store } = access;
  const products = await listProductsWithFiles(store.id);
  return (
    <AdminShell access={access}>
        <h1>{store.name}</h1>
        <p className="muted">
          Your store is live at <a href={storeUrl(store)}>{storeUrl(store)}</a> · status {store.status} · currency{" "}
          {store.currency.toUpperCase()}
        </p>
        <h2>Products</h2>
        {products.length === 0 ? (
          <p className="muted">No products yet.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Name</th><th>Price</th><th>Status</th><th>Files</th></tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{formatMoney(p.priceAmount, p.currency)}</td>
                  <td>{p.status}</td>
                  <td>{p.files.map((f) => f.fileName).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </AdminShell>
  );
}
