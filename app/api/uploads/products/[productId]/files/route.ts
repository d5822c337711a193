// POST /api/uploads/products/:productId/files on a store host – add a file to a product (raw body, name in X-File-Name).
import { addProductFile, productFileView } from "@/lib/catalog/product-files";
import { handleUpload, uploadSource } from "@/lib/catalog/upload-request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ productId: string }> };

export async function POST(request: Request, { params }: Context) {
  const { productId } = await params;
  return handleUpload(request, async ({ store }) =>
    productFileView(await addProductFile(store.id, productId, uploadSource(request))),
  );
}
