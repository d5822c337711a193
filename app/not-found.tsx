import { SearchX } from "lucide-react";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/app/components/ui/button";
import { PageMain } from "@/app/components/ui/page-main";
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
      <Message
        title="Page not found"
        text="We couldn't find the page you asked for."
        action={
          <Link className={buttonClasses("primary")} href="/">
            {existingStore ? `Back to ${existingStore.name}` : "Go to the home page"}
          </Link>
        }
      />
    );
  }
  return (
    <Message
      title="No store lives here"
      text={`There is no store at ${host}. Check the address, or open your own store in minutes.`}
      action={
        <a className={buttonClasses("primary")} href={platformUrl("/signup")}>
          Start a store
        </a>
      }
    />
  );
}

function Message({ title, text, action }: { title: string; text: string; action: ReactNode }) {
  return (
    <PageMain width="narrow" className="grid justify-items-start gap-4 sm:pt-16">
      <SearchX className="size-10 text-gray-400" aria-hidden />
      <h1 className="text-2xl font-semibold tracking-tight text-gray-900">{title}</h1>
      <p className="text-gray-600">{text}</p>
      <p>{action}</p>
    </PageMain>
  );
}
