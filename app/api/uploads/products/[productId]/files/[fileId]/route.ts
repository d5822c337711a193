// PUT /api/uploads/products/:productId/files/:fileId on a store host – replace a file's bytes; buyers get the new version.
import { productFileView, replaceProductFile } from "@/lib/catalog/product-files";
import { handleUpload, uploadSource } from "@/lib/catalog/upload-request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ productId: string; fileId: string }> };

export async function PUT(request: Request, { params }: Context) {
  const { productId, fileId } = await params;
  return handleUpload(request, async ({ store }) =>
    productFileView(await replaceProductFile(store.id, productId, fileId, uploadSource(request))),
  );
}
