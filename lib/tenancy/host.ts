import { RESERVED_SUBDOMAINS } from "./subdomain";

/** What a request's Host header addresses. Pure, so middleware and pages share it. */
export type HostTarget =
  | { kind: "platform" }
  | { kind: "store"; subdomain: string }
  | { kind: "reserved"; subdomain: string }
  | { kind: "unknown" };

/** Lower-cased host name without port or trailing dot; IPv6 brackets kept. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  const name = h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : (h.split(":")[0] ?? "");
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

export function isIpLiteral(name: string): boolean {
  return name.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Maps a Host header to its target. Ports are ignored (the root domain may carry one for
 * development; proxies may drop it). Only a single DNS label directly under the root
 * is a store; deeper names, reserved names and foreign domains are not.
 */
export function parseHost(host: string | null | undefined, rootDomain: string): HostTarget {
  if (!host) return { kind: "unknown" };
  const name = hostName(host);
  const root = hostName(rootDomain);
  if (name === root || isIpLiteral(name)) return { kind: "platform" };
  if (!name.endsWith(`.${root}`)) return { kind: "unknown" };
  const sub = name.slice(0, -(root.length + 1));
  // www folds into the root: it serves the platform, never a store.
  if (sub === "www") return { kind: "platform" };
  if (!LABEL.test(sub)) return { kind: "unknown" };
  if (RESERVED_SUBDOMAINS.has(sub)) return { kind: "reserved", subdomain: sub };
  return { kind: "store", subdomain: sub };
}

/** The host (with the root domain's port, if any) that serves a store. */
export function storeHost(subdomain: string, rootDomain: string): string {
  return `${subdomain}.${rootDomain}`;
}
