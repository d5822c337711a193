import { headers } from "next/headers";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenancy/host";
import { findStoreBySubdomain, platformUrl } from "@/lib/tenancy/stores";

// 404 for unknown paths, and for hosts that are not (or not yet) a store.
export default async function NotFound() {
  const host = (await headers()).get("host") ?? "";
  const target = parseHost(host, env.ROOT_DOMAIN);
  const existingStore = target.kind === "store" ? await findStoreBySubdomain(target.subdomain) : null;
  if (target.kind === "platform" || existingStore) {
    return (
      <main>
        <h1>Page not found</h1>
        <p className="muted">We couldn&apos;t find the page you asked for.</p>
        <p><a href="/">{existingStore ? `Back to ${existingStore.name}` : "Go to the home page"}</a></p>
      </main>
    );
  }
  return (
    <main>
      <h1>No store lives here</h1>
      <p className="muted">There is no store at {host}. Check the address, or open your own store in minutes.</p>
      <p><a href={platformUrl("/signup")}>Start a store</a></p>
    </main>
  );
}
