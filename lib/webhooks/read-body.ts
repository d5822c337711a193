import "server-only";

/** Stripe's events are a few KiB; nothing it sends comes near this. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; reason: "too_large" };

/**
 * The body as UTF-8 text (decoded as `request.text()` would), or `too_large` without
 * buffering more than `maxBytes`: a Content-Length over the limit is refused unread, and a
 * stream without one (or lying about it) is cancelled as soon as it passes the limit.
 */
export async function readBodyWithin(request: Request, maxBytes = MAX_WEBHOOK_BODY_BYTES): Promise<BodyRead> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    return { ok: false, reason: "too_large" };
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}
