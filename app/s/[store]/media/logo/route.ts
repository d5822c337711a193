// GET /media/logo?v=… on a store host – the store's logo, a normalized WebP.
// Public whether the storefront is paused or not: order pages and receipts show it too.
import { Readable } from "node:stream";
import { log } from "@/lib/log";
import { findStoreForRequest } from "@/lib/tenancy/request-store";
import { openStoreLogo, storeLogoVersion } from "@/lib/tenancy/store-settings";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ store: string }> };

export async function GET(request: Request, { params }: Context) {
  const store = await findStoreForRequest((await params).store);
  const version = store && storeLogoVersion(store);
  if (!store || !version) return notFound();
  // The current version's URL never changes content; any other URL is checked again every
  // time (the ETag makes that cheap), so a new logo shows at once.
  const current = new URL(request.url).searchParams.get("v") === version;
  const headers = {
    "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, no-cache",
    ETag: `"${version}"`,
    "X-Content-Type-Options": "nosniff",
  };
  if (request.headers.get("if-none-match") === headers.ETag) return new Response(null, { status: 304, headers });
  try {
    const logo = await openStoreLogo(store);
    if (!logo) return notFound();
    return new Response(Readable.toWeb(logo.body) as ReadableStream<Uint8Array>, {
      headers: { ...headers, "Content-Type": "image/webp", "Content-Length": String(logo.sizeBytes) },
    });
  } catch (error) {
    log.error({ err: error, storeId: store.id }, "store logo failed");
    return new Response("Could not load the image.", { status: 500 });
  }
}

function notFound() {
  return new Response("Not found.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
