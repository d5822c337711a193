// GET /media/covers/:productId/:variant.webp on a store host – a product's resized cover image.
// Published products' covers are public and cached; a draft's or archived product's only its store's members see.
import { Readable } from "node:stream";
import { requireStoreAdminForAction } from "@/lib/auth/store-access";
import { COVER_VARIANTS, openCoverImage, type CoverVariant } from "@/lib/catalog/cover-images";
import { log } from "@/lib/log";
import { findStoreForRequest } from "@/lib/tenancy/request-store";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ store: string; productId: string; variant: string }> };

export async function GET(request: Request, { params }: Context) {
  const { store: segment, productId, variant: file } = await params;
  const variant = file.replace(/\.webp$/, "");
  const store = await findStoreForRequest(segment);
  if (!store || !(variant in COVER_VARIANTS)) return notFound();
  try {
    const cover = await openCoverImage(store.id, productId, variant as CoverVariant);
    if (!cover) return notFound();
    let cacheControl = "private, no-store";
    if (cover.productStatus === "published") {
      // The version in the URL changes with every upload, so a matching URL never goes stale.
      const current = new URL(request.url).searchParams.get("v") === cover.version;
      cacheControl = current ? "public, max-age=31536000, immutable" : "public, max-age=60";
    } else {
      const member = await requireStoreAdminForAction().then(
        () => true,
        () => false,
      );
      if (!member) {
        cover.body.destroy();
        return notFound();
      }
    }
    return new Response(Readable.toWeb(cover.body) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": "image/webp",
        "Content-Length": String(cover.sizeBytes),
        "Cache-Control": cacheControl,
        ETag: `"${cover.version}-${variant}"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    log.error({ err: error, storeId: store.id, productId }, "cover image failed");
    return new Response("Could not load the image.", { status: 500 });
  }
}

function notFound() {
  return new Response("Not found.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
