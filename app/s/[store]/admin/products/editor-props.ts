import "server-only";
import type { Product, ProductFile } from "@/db/schema";
import { coverImagePath } from "@/lib/catalog/cover-images";
import { MAX_FILES_PER_PRODUCT } from "@/lib/catalog/product-files";
import { env } from "@/lib/env";
import { formatAmountInput } from "@/lib/money";

/** What the editor page hands the client editor: the product's fields as the owner types them. */
export function editorProps(
  product: (Product & { files: ProductFile[] }) | null,
  storeOrigin: string,
  currency: string,
) {
  return {
    productId: product?.id ?? null,
    currency: product?.currency ?? currency,
    storeOrigin,
    maxBytes: env.UPLOAD_MAX_BYTES,
    maxFiles: MAX_FILES_PER_PRODUCT,
    coverUrl: product ? coverImagePath(product, "card") : null,
    files: (product?.files ?? []).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      sizeBytes: f.sizeBytes,
      contentType: f.contentType,
    })),
    initial: {
      name: product?.name ?? "",
      slug: product?.slug ?? "",
      description: product?.description ?? "",
      price: product ? formatAmountInput(product.priceAmount, product.currency) : "",
      payWhatYouWant: product?.payWhatYouWant ?? false,
      minimumPrice: product?.minimumAmount != null ? formatAmountInput(product.minimumAmount, product.currency) : "",
      status: product?.status ?? ("draft" as const),
      downloadLimit: product ? (product.downloadLimit?.toString() ?? "") : "5",
      downloadExpiryDays: product ? (product.downloadExpiryDays?.toString() ?? "") : "30",
    },
  };
}
