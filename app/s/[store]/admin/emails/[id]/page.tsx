// GET /admin/emails/<id> on a store host – one mail of the Email log with its content.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { getEmail } from "@/lib/email/outbox";
import { AdminShell } from "../../admin-shell";
import { StatusBadge } from "../../badges";

export const metadata: Metadata = { title: "Email" };

export default async function EmailPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store, id } = await params;
  const access = await requireStoreAdmin(store, `/admin/emails/${encodeURIComponent(id)}`);
  const mail = z.uuid().safeParse(id).success ? await getEmail(access.store.id, id) : null;
  if (!mail) notFound();
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/emails">Email log</BackLink>
      <PageHeader title={mail.subject} />
      <Table>
        <TableBody>
          <TableRow>
            <TableHeaderCell scope="row">To</TableHeaderCell>
            <TableCell>{mail.toAddress}</TableCell>
          </TableRow>
          <TableRow>
            <TableHeaderCell scope="row">Kind</TableHeaderCell>
            <TableCell>{mail.kind}</TableCell>
          </TableRow>
          <TableRow>
            <TableHeaderCell scope="row">Created</TableHeaderCell>
            <TableCell>{mail.createdAt.toLocaleString("en-US")}</TableCell>
          </TableRow>
          <TableRow>
            <TableHeaderCell scope="row">Status</TableHeaderCell>
            <TableCell>
              <StatusBadge status={mail.status} /> {mail.attempts} attempt{mail.attempts === 1 ? "" : "s"}
            </TableCell>
          </TableRow>
          {mail.sentAt && (
            <TableRow>
              <TableHeaderCell scope="row">Sent</TableHeaderCell>
              <TableCell>
                {mail.sentAt.toLocaleString("en-US")}
                {mail.providerMessageId && (
                  <>
                    {" "}
                    · Resend id <code>{mail.providerMessageId}</code>
                  </>
                )}
              </TableCell>
            </TableRow>
          )}
          {mail.lastError && (
            <TableRow>
              <TableHeaderCell scope="row">Last error</TableHeaderCell>
              <TableCell>{mail.lastError}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <SectionHeader title="As the recipient sees it" />
      {/* An empty sandbox: the mail's HTML gets no scripts, forms, or access to this page. */}
      <iframe
        title="Email content"
        sandbox=""
        srcDoc={mail.html}
        className="h-[480px] w-full rounded-xl border border-gray-200 bg-white"
      />
      <Card padded={false} className="mt-4">
        <details>
          <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-gray-900">Text version</summary>
          <pre className="max-h-80 overflow-auto border-t border-gray-200 px-5 py-3 text-xs whitespace-pre-wrap">
            {mail.text}
          </pre>
        </details>
      </Card>
    </AdminShell>
  );
}
