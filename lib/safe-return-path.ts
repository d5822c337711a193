/** Stands for "this site" when resolving; `.invalid` can never be a real host. */
const SAME_ORIGIN = "https://same-origin.invalid";

/**
 * Same-origin paths only, so a crafted `?next=` can't send a user to another site. The
 * target is judged as the browser will read it: the WHATWG URL parser (Node's, like the
 * browser's) drops tabs and newlines and reads "\" as "/", so "/\t/evil.example" becomes
 * "//evil.example". It is resolved against a stand-in origin and kept only if it stays
 * there; what is returned is that normalized path, not the raw input.
 */
export function safeReturnPath(next: string | undefined, fallback: string): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, SAME_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The normalized path must itself be safe to hand back (no "//" start after normalization).
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
