import { headers } from "next/headers";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenancy/host";

// 404 for unknown paths, and for hosts that are not (or not yet) a store.
export default async function NotFound() {
  const host = (await headers()).get("host") ?? "";
  const target = parseHost(host, env.ROOT_DOMAIN);
  const rootUrl = `${env.APP_PROTOCOL}://${env.ROOT_DOMAIN}`;
  const noStore = target.kind !== "platform";
  return (
    <main>
      <h1>{noStore ? "No store lives here" : "Page not found"}</h1>
      <p className="muted">
        {noStore
          ? `There is no store at ${host}. Check the address, or open your own store in minutes.`
          : "We couldn't find the page you asked for."}
      </p>
      <p>
        <a href={noStore ? `${rootUrl}/signup` : "/"}>{noStore ? "Start a store" : "Go to the home page"}</a>
      </p>
    </main>
  );
}
