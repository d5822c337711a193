// GET /admin/products/new on a store host – create a product (members only).
import type { Metadata } from "next";
import { BackLink } from "@/app/components/ui/back-link";
import { PageHeader } from "@/app/components/ui/page-header";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { storeUrl } from "@/lib/tenancy/stores";
import { AdminShell } from "../../admin-shell";
import { editorProps } from "../editor-props";
import { ProductEditor } from "../product-editor";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/products/new");
  const { store } = access;
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/products">Products</BackLink>
      <PageHeader title="New product" description="Fill in the details, choose the files buyers get, and save." />
      <ProductEditor {...editorProps(null, storeUrl(store).replace(/\/$/, ""), store.currency)} />
    </AdminShell>
  );
}
