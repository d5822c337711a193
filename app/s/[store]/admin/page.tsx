// GET /admin on a store host – the store's admin overview (members only).
import { ExternalLink, Package } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Badge } from "@/app/components/ui/badge";
import { buttonClasses } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import type { ProductStatus } from "@/db/schema";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listAdminProducts } from "@/lib/catalog/products";
import { storeUrl } from "@/lib/tenancy/stores";
import { AdminShell } from "./admin-shell";
import { LaunchChecklistFallback, LaunchChecklistPanel } from "./launch-checklist";
import { SalesChart } from "./sales-chart";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store);
  const { store } = access;
  const products = await listAdminProducts(store.id);
  return (
    <AdminShell access={access}>
      <PageHeader
        title={store.name}
        description={
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span>
              Your store is live at <a href={storeUrl(store)}>{storeUrl(store)}</a>
            </span>
            <Badge tone={store.status === "active" ? "success" : "danger"}>status {store.status}</Badge>
            <Badge>currency {store.currency.toUpperCase()}</Badge>
          </p>
        }
        actions={
          <a className={buttonClasses("secondary")} href={storeUrl(store)}>
            View storefront
            <ExternalLink aria-hidden />
          </a>
        }
      />
      <div className="grid gap-8">
        <Suspense fallback={<LaunchChecklistFallback />}>
          <LaunchChecklistPanel store={store} />
        </Suspense>
        <SalesChart storeId={store.id} currency={store.currency} />
        <section>
          <SectionHeader
            title="Products"
            actions={
              <Link className={buttonClasses("secondary", "sm")} href="/admin/products">
                Manage products
              </Link>
            }
          />
          {products.length === 0 ? (
            <EmptyState icon={<Package aria-hidden />}>
              No products yet.{" "}
              <Link href="/admin/products/new" className="font-medium text-brand-700 hover:underline">
                Create your first product
              </Link>
              , upload its files and publish it.
            </EmptyState>
          ) : (
            <p className="text-sm text-gray-700" data-testid="product-summary">
              {countBy(products, "published")} published · {countBy(products, "draft")} draft ·{" "}
              {countBy(products, "archived")} archived · {products.reduce((sum, p) => sum + p.liveSales, 0)} live sales
            </p>
          )}
        </section>
      </div>
    </AdminShell>
  );
}

function countBy(products: { status: ProductStatus }[], status: ProductStatus): number {
  return products.filter((p) => p.status === status).length;
}
