/** The platform's own name: the brand in mail and headers, and a name no store may take. */
export const PLATFORM_NAME = "Storehost";

/**
 * Names that belong to the platform and can never become a store's subdomain: its own
 * services, and the names mail clients, browsers and certificate checks look up by
 * convention (autodiscover, autoconfig, mta-sts, wpad), which a store must never answer.
 */
export const RESERVED_SUBDOMAINS: ReadonlySet<string> = new Set([
  PLATFORM_NAME.toLowerCase(),
  "www",
  "app",
  "api",
  "admin",
  "staff",
  "mail",
  "email",
  "smtp",
  "imap",
  "pop",
  "ftp",
  "shop",
  "store",
  "stores",
  "billing",
  "pay",
  "payments",
  "checkout",
  "webhook",
  "webhooks",
  "dashboard",
  "account",
  "accounts",
  "login",
  "signin",
  "signup",
  "auth",
  "help",
  "support",
  "status",
  "docs",
  "blog",
  "cdn",
  "static",
  "assets",
  "media",
  "files",
  "download",
  "downloads",
  "dev",
  "test",
  "demo-platform",
  "internal",
  "platform",
  "root",
  "ns1",
  "ns2",
  "localhost",
  "autodiscover",
  "autoconfig",
  "mta-sts",
  "wpad",
  "webmail",
  "security",
  "sso",
  "oauth",
  "secure",
  "verify",
]);

export type SubdomainProblem =
  "too_short" | "too_long" | "invalid_characters" | "hyphen_edges" | "punycode" | "reserved";

export const SUBDOMAIN_MESSAGES: Record<SubdomainProblem, string> = {
  too_short: "Use at least 3 characters.",
  too_long: "Use at most 63 characters.",
  invalid_characters: "Use only lowercase letters a–z, digits and hyphens.",
  hyphen_edges: "It can't start or end with a hyphen.",
  punycode: "Names with two hyphens in positions 3–4 (like xn--) are not allowed.",
  reserved: "That name is reserved by the platform.",
};

/** Checks a would-be store subdomain against DNS-label rules and the reserved list. */
export function subdomainProblem(name: string): SubdomainProblem | null {
  if (name.length < 3) return "too_short";
  if (name.length > 63) return "too_long";
  if (!/^[a-z0-9-]+$/.test(name)) return "invalid_characters";
  if (name.startsWith("-") || name.endsWith("-")) return "hyphen_edges";
  if (name.slice(2, 4) === "--") return "punycode";
  if (RESERVED_SUBDOMAINS.has(name)) return "reserved";
  return null;
}
