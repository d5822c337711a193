// GET /admin/products/:id on a store host – edit a product, its files and cover (members only).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink } from "@/app/components/ui/back-link";
import { PageHeader } from "@/app/components/ui/page-header";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { getProductForAdmin } from "@/lib/catalog/products";
import { storeUrl } from "@/lib/tenancy/stores";
import { AdminShell } from "../../admin-shell";
import { editorProps } from "../editor-props";
import { ProductEditor } from "../product-editor";
import { StatusBadge } from "../status-badge";

export const metadata: Metadata = { title: "Edit product" };

export default async function EditProductPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store: segment, id } = await params;
  const access = await requireStoreAdmin(segment, `/admin/products/${id}`);
  const product = (await getProductForAdmin(access.store.id, id)) ?? notFound();
  const origin = storeUrl(access.store).replace(/\/$/, "");
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/products">Products</BackLink>
      <PageHeader
        title={product.name}
        description={
          product.status === "published" ? (
            <a href={`${origin}/products/${product.slug}`} className="text-brand-700 hover:underline">
              View on the storefront
            </a>
          ) : (
            "Not visible to shoppers."
          )
        }
        actions={<StatusBadge status={product.status} />}
      />
      <ProductEditor key={product.id} {...editorProps(product, origin, access.store.currency)} />
    </AdminShell>
  );
}
