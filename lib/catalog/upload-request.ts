import "server-only";
import { requireStoreAdminForAction, type StoreAccess } from "@/lib/auth/store-access";
import { AppError, GENERIC_ERROR_MESSAGE } from "@/lib/errors";
import { log } from "@/lib/log";
import { isSameOriginRequest } from "@/lib/security/same-origin";
import type { UploadSource } from "./product-files";

/*
 * Uploads are raw request bodies (one file per request, its name in `X-File-Name`), so
 * they stream straight to storage and the browser can report progress. Their routes live
 * under /api/uploads/, which middleware does not run on: Next buffers the body of every
 * request that middleware sees (and truncates it past 10 MB).
 */

export const FILE_NAME_HEADER = "x-file-name";

/** The upload in a request: its streamed body, its (URI-encoded) name and declared length. */
export function uploadSource(request: Request): UploadSource {
  const encoded = request.headers.get(FILE_NAME_HEADER) ?? "";
  let fileName: string;
  try {
    fileName = decodeURIComponent(encoded);
  } catch {
    fileName = "";
  }
  const length = request.headers.get("content-length");
  // No body at all is an empty file, which the domain refuses with its own message.
  return {
    body: request.body ?? new Uint8Array(0),
    fileName,
    declaredSize: length && /^\d+$/.test(length) ? Number(length) : null,
  };
}

/**
 * Runs an upload for a member of the store the Host header names. Refusals (not a member,
 * another store's product, too large, not an image) answer JSON the uploader shows
 * beside the field; nothing else ever leaks.
 */
export async function handleUpload<T>(request: Request, run: (access: StoreAccess) => Promise<T>): Promise<Response> {
  try {
    // A page of another site can't make a member's browser upload here: it can't set the
    // headers without a CORS preflight, and a foreign Origin is refused outright.
    if (!isSameOriginRequest(request.headers)) {
      throw new AppError("cross_origin", "Uploads must come from the store's own admin.", 403);
    }
    const access = await requireStoreAdminForAction();
    return Response.json(await run(access), { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError) {
      return Response.json(
        { error: error.message, code: error.code, fieldErrors: error.fieldErrors },
        { status: error.status, headers: { "Cache-Control": "no-store" } },
      );
    }
    log.error({ err: error }, "upload failed");
    return Response.json({ error: GENERIC_ERROR_MESSAGE }, { status: 500 });
  }
}
