// GET /admin/emails on a store host – the Email log: every mail of the store, sent, waiting or held.
import { Mail } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { NativeSelect } from "@/app/components/ui/input";
import { PageHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { emailStatus } from "@/db/schema";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { listEmails } from "@/lib/email/outbox";
import { decodeCursor, listHref } from "@/lib/pagination";
import { AdminShell } from "../admin-shell";
import { StatusBadge } from "../badges";
import { SendNowButton } from "./send-now-button";

export const metadata: Metadata = { title: "Email log" };

const PATH = "/admin/emails";

const when = (date: Date) => date.toLocaleString("en-US");

/** The log's filter as the URL carries it; anything unknown is ignored, not an error. */
const emailFilterSchema = z.object({
  status: z.enum(emailStatus.enumValues).optional().catch(undefined),
});

type Props = {
  params: Promise<{ store: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EmailLogPage({ params, searchParams }: Props) {
  const access = await requireStoreAdmin((await params).store, PATH);
  const query = await searchParams;
  const filter = emailFilterSchema.parse(query);
  const cursor = decodeCursor(typeof query.after === "string" ? query.after : null);
  const [{ rows: emails, nextCursor }, heldMail] = await Promise.all([
    listEmails(access.store.id, { ...filter, cursor }),
    // Held mail anywhere in the log, not only on this page, needs the owner's settings.
    listEmails(access.store.id, { status: "held", limit: 1 }),
  ]);
  const held = heldMail.rows.length > 0;
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Email log"
        description="Receipts and other mail of this store, newest first. Mail that fails is retried until it is sent."
      />
      {held && (
        <Alert tone="warning" role="status" className="mb-4">
          Some <Link href={listHref(PATH, { status: "held" })}>mail is held</Link> because email is not set up. Add a
          Resend API key and a From address in <Link href="/admin/settings">Dashboard Settings</Link>; held mail goes
          out as soon as they are saved.
        </Alert>
      )}
      <form className="mb-4 flex flex-wrap items-center gap-2" method="get" aria-label="Filter mail">
        <NativeSelect name="status" defaultValue={filter.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {emailStatus.enumValues.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </NativeSelect>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {emails.length === 0 ? (
        <EmptyState icon={<Mail aria-hidden />}>
          {filter.status
            ? `No ${filter.status} mail${cursor ? " after this page" : ""}.`
            : cursor
              ? "No mail after this page."
              : "No mail yet. Receipts appear here when orders are paid."}
        </EmptyState>
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
      <Pager
        firstHref={cursor ? listHref(PATH, filter) : null}
        nextHref={nextCursor ? listHref(PATH, filter, { after: nextCursor }) : null}
      />
    </AdminShell>
  );
}
