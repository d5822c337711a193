// GET /dev/mail?to=… (root domain, local root domains only) – the platform mail the outbox holds, with its links.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PlatformHeader } from "@/app/components/platform-header";
import { Card } from "@/app/components/ui/card";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { PageMain } from "@/app/components/ui/page-main";
import { devMailboxEnabled, listPlatformMail } from "@/lib/auth/email-verification-dev-mailbox";
import { env } from "@/lib/env";
import { parseHost } from "@/lib/tenancy/host";

export const metadata: Metadata = { title: "Development mailbox" };

const LINK = /https?:\/\/[^\s<>"']+/g;

export default async function DevMailPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  // The links here sign people in: this page exists only on a local root domain, and only there.
  if (!devMailboxEnabled()) notFound();
  if (parseHost((await headers()).get("host"), env.ROOT_DOMAIN).kind !== "platform") notFound();
  const { to } = await searchParams;
  const recipient = typeof to === "string" && to ? to.slice(0, 254) : undefined;
  const mails = await listPlatformMail({ to: recipient });
  return (
    <>
      <PlatformHeader signedIn={false} />
      <PageMain width="medium">
        <PageHeader
          title="Development mailbox"
          description={`Platform mail${recipient ? ` to ${recipient}` : ""}, newest first. The platform has no mail provider on a local root domain, so its mail waits here instead of being sent.`}
        />
        {mails.length === 0 ? (
          <EmptyState>No platform mail yet.</EmptyState>
        ) : (
          <div className="grid gap-4">
            {mails.map((mail) => (
              <Card key={mail.id} role="article" aria-label={mail.subject} data-kind={mail.kind}>
                <p className="text-sm text-gray-500">
                  To {mail.to} · {mail.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC
                </p>
                <h2 className="mt-1 font-semibold text-gray-900">{mail.subject}</h2>
                <pre className="mt-3 text-sm whitespace-pre-wrap text-gray-700">{mail.text}</pre>
                <ul className="mt-3 grid gap-1 text-sm">
                  {[...new Set(mail.text.match(LINK) ?? [])].map((url) => (
                    <li key={url}>
                      <a href={url} className="break-all">
                        {url}
                      </a>
                    </li>
                  ))}
                </ul>
              </Card>
            ))}
          </div>
        )}
      </PageMain>
    </>
  );
}
