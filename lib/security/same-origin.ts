import "server-only";
import { env } from "@/lib/env";

/**
 * Whether a request comes from a page of the host it is sent to. A browser names the
 * sending page in `Origin` (on POSTs, and on every cross-origin fetch) and, when it sends
 * them, in the Fetch Metadata headers; a request without either is not from a browser's
 * foreign page. `same-site` is refused too: every store is a subdomain of one site, so
 * another store's page is same-site but not ours.
 */
export function isSameOriginRequest(headers: Headers, protocol: string = env.APP_PROTOCOL): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = headers.get("origin");
  if (origin === null) return true;
  const host = headers.get("host");
  return host !== null && origin.toLowerCase() === `${protocol}://${host}`.toLowerCase();
}
