// PUT /api/uploads/products/:productId/cover on a store host – set the product's cover image (PNG, JPEG or WebP, 10 MB).
import { coverImagePath, setCoverImage } from "@/lib/catalog/cover-images";
import { handleUpload, uploadSource } from "@/lib/catalog/upload-request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ productId: string }> };

export async function PUT(request: Request, { params }: Context) {
  const { productId } = await params;
  return handleUpload(request, async ({ store }) => {
    const coverImage = await setCoverImage(store.id, productId, uploadSource(request).body);
    return { url: coverImagePath({ id: productId, coverImage }, "card") };
  });
}
