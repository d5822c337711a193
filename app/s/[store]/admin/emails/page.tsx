// GET /admin/emails on a store host – the Email log: every mail of the store, sent, waiting or held.
import { Mail } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/app/components/ui/alert";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listEmails } from "@/lib/email/outbox";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { SendNowButton } from "./send-now-button";

export const metadata: Metadata = { title: "Email log" };

const when = (date: Date) => date.toLocaleString("en-US");

export default async function EmailLogPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/emails");
  const emails = await listEmails(access.store.id, { limit: 200 });
  const held = emails.some((mail) => mail.status === "held");
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Email log"
        description="Receipts and other mail of this store, newest first. Mail that fails is retried until it is sent."
      />
      {held && (
        <Alert tone="warning" role="status" className="mb-4">
          Some mail is held because email is not set up. Add a Resend API key and a From address in{" "}
          <Link href="/admin/settings">Dashboard Settings</Link>; held mail goes out as soon as they are saved.
        </Alert>
      )}
      {emails.length === 0 ? (
        <EmptyState icon={<Mail aria-hidden />}>No mail yet. Receipts appear here when orders are paid.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>To</TableHeaderCell>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last error</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {emails.map((mail) => (
              <TableRow key={mail.id} data-status={mail.status} className="align-top">
                <TableCell className="whitespace-nowrap text-gray-600">{when(mail.createdAt)}</TableCell>
                <TableCell>{mail.toAddress}</TableCell>
                <TableCell>
                  <Link href={`/admin/emails/${mail.id}`}>{mail.subject}</Link>
                  <div className="text-xs text-gray-500">{mail.kind}</div>
                </TableCell>
                <TableCell>
                  <StatusBadge status={mail.status} />
                  <div className="mt-1 grid gap-0.5 text-xs text-gray-500">
                    <span>
                      {mail.attempts} attempt{mail.attempts === 1 ? "" : "s"}
                    </span>
                    {mail.status === "pending" && mail.attempts > 0 && <span>next try {when(mail.nextAttemptAt)}</span>}
                    {mail.sentAt && <span>sent {when(mail.sentAt)}</span>}
                  </div>
                </TableCell>
                <TableCell className="max-w-xs text-gray-600">{mail.lastError ?? "—"}</TableCell>
                <TableCell className="text-right">
                  {mail.status !== "sent" && <SendNowButton emailId={mail.id} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}
