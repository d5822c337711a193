// GET|HEAD /downloads/:token/file on a store host – stream a purchased file.
// A refused link redirects to the link's page, which says why; HEAD never uses up a download.
import { Readable } from "node:stream";
import type { NextRequest } from "next/server";
import { downloadPath } from "@/lib/downloads/grants";
import { peekDownload, startDownload, type DownloadResponse } from "@/lib/downloads/serve";
import { GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { log } from "@/lib/log";
import { findStoreForRequest } from "@/lib/tenancy/request-store";

type Context = { params: Promise<{ store: string; token: string }> };

export const dynamic = "force-dynamic";

export function GET(request: NextRequest, context: Context) {
  return serve(request, context, startDownload);
}

export function HEAD(request: NextRequest, context: Context) {
  return serve(request, context, peekDownload);
}

async function serve(request: NextRequest, { params }: Context, run: typeof startDownload): Promise<Response> {
  const { store: segment, token } = await params;
  const store = await findStoreForRequest(segment);
  if (!store) return textResponse("No store at this address.", 404);
  let result: DownloadResponse;
  try {
    result = await run(store.id, token, request.headers.get("range"), { ifRange: request.headers.get("if-range") });
  } catch (error) {
    log.error({ err: error, storeId: store.id }, "download failed");
    return textResponse(GENERIC_ERROR_MESSAGE, 500);
  }
  if (result.kind === "refused") {
    return new Response(null, {
      status: 303,
      headers: { Location: downloadPath(token), "Cache-Control": "private, no-store" },
    });
  }
  // node:stream/web's ReadableStream and the DOM's are the same object with different typings.
  const body = result.body ? (Readable.toWeb(result.body) as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: result.status, headers: result.headers });
}

function textResponse(message: string, status: number): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
