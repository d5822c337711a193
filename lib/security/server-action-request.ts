/**
 * Next answers a server-action call whose body it cannot decode, or whose body is over its
 * size limit, with a 500 (action-handler.ts: "consider checking if the error is an
 * ApiError"). Middleware screens those calls first so they get a 400 or a 413 instead.
 * A real client sends either a JSON string (`encodeReply` of plain values, as text/plain)
 * or multipart form data whose part "0" is that JSON; only that shape passes.
 */

/** Next's default `serverActions.bodySizeLimit` ("1 MB", which Next reads as 1 MiB). */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export type ActionScreen = { ok: true } | { ok: false; status: 400 | 413; message: string };

const TOO_LARGE: ActionScreen = { ok: false, status: 413, message: "The request is too large." };
const MALFORMED: ActionScreen = { ok: false, status: 400, message: "The request could not be read." };

/** Only POSTs that carry Next's action header are server-action calls. */
export function isServerActionCall(request: Request): boolean {
  return request.method === "POST" && request.headers.has("next-action");
}

/** Reads the body (middleware gets its own copy) and judges it. */
export async function screenServerActionRequest(request: Request): Promise<ActionScreen> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > SERVER_ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  const body = new Uint8Array(await request.arrayBuffer());
  return screenServerActionBody(request.headers.get("content-type"), body);
}

/** Pure: the verdict on one action body. */
export async function screenServerActionBody(
  contentType: string | null,
  body: Uint8Array<ArrayBuffer>,
): Promise<ActionScreen> {
  if (body.byteLength > SERVER_ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  const type = (contentType ?? "").toLowerCase();
  // Next itself answers an urlencoded action call with a 404.
  if (type.startsWith("application/x-www-form-urlencoded")) return { ok: true };
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType ?? "" } }).formData();
    } catch {
      return MALFORMED;
    }
    // React's reply format: part "0" is the JSON root of the arguments. (Later parts may be
    // files, form fields or stream rows, which are not JSON.)
    const root = form.get("0");
    return typeof root === "string" && isJson(root) ? { ok: true } : MALFORMED;
  }
  return isJson(new TextDecoder().decode(body)) ? { ok: true } : MALFORMED;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
