// GET /admin on a store host – the store's admin overview (members only).
import { ExternalLink, Package } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/components/ui/badge";
import { buttonClasses } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listAdminProducts } from "@/lib/catalog/products";
import { formatMoney } from "@/lib/money";
import { storeUrl } from "@/lib/tenancy/stores";
import { AdminShell } from "./admin-shell";
import { StatusBadge as ProductStatusBadge } from "./products/status-badge";

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
      <SectionHeader
        title="Products"
        actions={
          <Link className={buttonClasses("secondary", "sm")} href="/admin/products">
            Manage products
          </Link>
        }
      />
      {products.length === 0 ? (
        <EmptyState icon={<Package aria-hidden />}>No products yet.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Price</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Files</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {products.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-medium">
                  <Link href={`/admin/products/${p.id}`}>{p.name}</Link>
                </TableCell>
                <TableCell className="tabular-nums">{formatMoney(p.priceAmount, p.currency)}</TableCell>
                <TableCell>
                  <ProductStatusBadge status={p.status} />
                </TableCell>
                <TableCell className="tabular-nums">{p.fileCount}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}
