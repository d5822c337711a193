// GET /admin/products on a store host – the store's products (members only).
import { Package, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/components/ui/button";
import { Card } from "@/app/components/ui/card";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listAdminProducts } from "@/lib/catalog/products";
import { formatMoney } from "@/lib/money";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/products");
  const products = await listAdminProducts(access.store.id);
  const newProduct = (
    <Link href="/admin/products/new" className={buttonClasses("primary")}>
      <Plus className="size-4" aria-hidden /> New product
    </Link>
  );
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Products"
        description="What your store sells. Draft products are hidden from shoppers."
        actions={newProduct}
      />
      {products.length === 0 ? (
        <Card className="grid justify-items-center gap-3 py-12 text-center">
          <Package className="size-10 text-gray-400" aria-hidden />
          <p className="font-medium">No products yet.</p>
          <p className="text-sm text-gray-600">Create your first product, upload its files and publish it.</p>
        </Card>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Price</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Files</TableHeaderCell>
              <TableHeaderCell>Sales</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {products.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link href={`/admin/products/${p.id}`} className="font-medium text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                  <div className="text-xs text-gray-500">/products/{p.slug}</div>
                </TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">
                  {p.payWhatYouWant ? (
                    <>
                      from {formatMoney(p.minimumAmount ?? p.priceAmount, p.currency)}
                      <div className="text-xs text-gray-500">pay what you want</div>
                    </>
                  ) : (
                    formatMoney(p.priceAmount, p.currency)
                  )}
                </TableCell>
                <TableCell>
                  <StatusBadge status={p.status} />
                </TableCell>
                <TableCell>{p.fileCount}</TableCell>
                <TableCell>
                  {p.liveSales}
                  {p.testSales > 0 && <span className="text-xs text-gray-500"> (+{p.testSales} test)</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}
