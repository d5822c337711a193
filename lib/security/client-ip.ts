import { env } from "@/lib/env";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's IP as the trusted proxies saw it. Next.js fills X-Forwarded-For with the
 * socket's address only when the request has none, so behind N proxies the client is the
 * Nth entry from the right, and anything left of it is whatever the client claimed.
 */
export function clientIp(headers: HeaderSource, trustedProxyHops = env.TRUSTED_PROXY_HOPS): string {
  const entries = (headerValue(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const index = entries.length - Math.max(1, trustedProxyHops);
  return entries[Math.max(0, index)] ?? "unknown";
}
