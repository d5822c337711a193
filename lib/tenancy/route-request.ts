import { parseHost } from "./host";

/** Where middleware sends a request. Pure, so the routing table is unit-tested. */
export type RouteDecision =
  | { action: "continue" }
  | { action: "rewrite"; pathname: string }
  | { action: "redirect"; pathname: string }
  | { action: "not_found" };

/** Stores are served from this internal segment; it is never reachable by its own URL. */
export const STORE_SEGMENT = "/s";

const WEBHOOK_PATH = /^\/shop\/webhook\/?$/;
/** The platform's own billing webhook (seed 003), on the root domain. */
export const BILLING_WEBHOOK_ROUTE = "/api/billing/webhooks/stripe";
const BILLING_WEBHOOK_PATH = /^\/api\/billing\/webhooks\/stripe\/?$/;

export function routeRequest(host: string | null, pathname: string, rootDomain: string): RouteDecision {
  const target = parseHost(host, rootDomain);
  const webhook = WEBHOOK_PATH.test(pathname);

  // Stripe does not follow redirects, so the webhooks answer with and without the slash;
  // every other path has one canonical spelling, without it. The store webhook's own route
  // (app/shop/webhook) resolves the store from the Host; the matcher keeps middleware off it.
  if (webhook) return { action: "continue" };
  if (BILLING_WEBHOOK_PATH.test(pathname)) {
    return target.kind === "platform"
      ? { action: "rewrite", pathname: BILLING_WEBHOOK_ROUTE }
      : { action: "not_found" };
  }
  if (pathname.length > 1 && pathname.endsWith("/")) {
    return { action: "redirect", pathname: pathname.replace(/\/+$/, "") || "/" };
  }
  if (pathname === STORE_SEGMENT || pathname.startsWith(`${STORE_SEGMENT}/`)) return { action: "not_found" };
  // Platform-wide endpoints (auth, health) answer on every host.
  if (pathname.startsWith("/api/")) return { action: "continue" };

  switch (target.kind) {
    case "platform":
      return { action: "continue" };
    case "store":
      return {
        action: "rewrite",
        pathname: `${STORE_SEGMENT}/${target.subdomain}${pathname === "/" ? "" : pathname}`,
      };
    case "reserved":
    case "unknown":
      return { action: "not_found" };
  }
}
