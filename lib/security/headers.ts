// Relative imports: next.config loads this file too, outside the app's path aliases.
import { isLocalRoot } from "../env-schema";
import { hostName, isIpLiteral } from "../tenancy/host";
import { contentSecurityPolicy, type CspOptions } from "./csp";

/**
 * Headers every response gets, pages and JSON alike. They depend on nothing at run time,
 * so next.config also sends them on the routes middleware skips (uploads, static files).
 * Referrer-Policy: a cross-origin request learns only our origin, so tokens in a path
 * (`/downloads/<token>`, `/orders/<id>?key=…`) never leave the site through Referer.
 */
export const STATIC_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // For browsers that predate CSP's frame-ancestors.
  "X-Frame-Options": "DENY",
} as const;

/** Two years, subdomains included: every store lives under the root domain. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * Pages whose URL is a bearer secret send no Referer at all, not even to our own origin,
 * which also covers the file route and redirects that the pages' meta tag cannot reach.
 */
const SECRET_URL_PATH = /^\/(downloads|orders)\//;

export type SecurityHeaderOptions = CspOptions & {
  /** The path the browser asked for (before middleware's rewrite). */
  pathname: string;
  /** Production, https and a real root domain: only then may the browser pin https. */
  hsts: boolean;
};

/** The headers middleware puts on a response; the same policy goes on the request for Next. */
export function securityHeaders(
  options: SecurityHeaderOptions,
): Record<string, string> & { "Content-Security-Policy": string } {
  return {
    ...STATIC_SECURITY_HEADERS,
    ...(SECRET_URL_PATH.test(options.pathname) && { "Referrer-Policy": "no-referrer" }),
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...(options.hsts && { "Strict-Transport-Security": HSTS_VALUE }),
  };
}

/**
 * HSTS belongs to a deployment on a real domain over https. A local root (localhost,
 * *.localhost, *.test, an IP) never gets it, even with APP_PROTOCOL=https behind a local
 * proxy: a browser would then refuse plain http for every *.localhost app for two years.
 */
export function hstsApplies(env: { NODE_ENV: string; APP_PROTOCOL: string; ROOT_DOMAIN: string }): boolean {
  const local = isLocalRoot(env.ROOT_DOMAIN) || isIpLiteral(hostName(env.ROOT_DOMAIN));
  return env.NODE_ENV === "production" && env.APP_PROTOCOL === "https" && !local;
}
