// GET /staff/emails (root domain) – the platform's own mail (verification links, staff
// notices): where it went and how it fared. Bodies are not shown: they carry sign-in links.
import type { Metadata } from "next";
import { Alert } from "@/app/components/ui/alert";
import { Badge } from "@/app/components/ui/badge";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Pager } from "@/app/components/ui/pager";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { asPlatform } from "@/lib/data-scope";
import { platformEmailCredentials } from "@/lib/email/credentials";
import { listEmails } from "@/lib/email/outbox";
import { decodeCursor, listHref } from "@/lib/pagination";
import { requireStaff } from "@/lib/staff/staff-access";
import { StaffShell } from "../staff-shell";

export const metadata: Metadata = { title: "Staff · Platform email" };

const TONE = { sent: "success", held: "warning", pending: "info", failed: "danger" } as const;

export default async function PlatformEmailLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff("/staff/emails");
  const after = (await searchParams).after;
  const cursor = decodeCursor(typeof after === "string" ? after : null);
  const page = await asPlatform(() => listEmails(null, { cursor }));
  const configured = !("problem" in platformEmailCredentials());
  return (
    <StaffShell staff={staff}>
      <PageHeader
        title="Platform email"
        description="The platform's own mail, newest first. Message bodies are not shown here: they hold sign-in and verification links."
      />
      {!configured && (
        <Alert tone="warning" className="mb-4">
          PLATFORM_RESEND_API_KEY and PLATFORM_MAIL_FROM are not set, so platform mail is held here and not sent.
        </Alert>
      )}
      {page.rows.length === 0 ? (
        <EmptyState>No platform mail{cursor ? " after this page" : " yet"}.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>When (UTC)</TableHeaderCell>
              <TableHeaderCell>To</TableHeaderCell>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.rows.map((mail) => (
              <TableRow key={mail.id} data-testid="platform-email">
                <TableCell className="whitespace-nowrap tabular-nums">
                  {mail.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                </TableCell>
                <TableCell>{mail.toAddress}</TableCell>
                <TableCell className="break-words">{mail.subject}</TableCell>
                <TableCell>
                  <Badge tone={TONE[mail.status]}>{mail.status}</Badge>
                  {mail.lastError && <div className="mt-1 text-xs text-danger-700">{mail.lastError}</div>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Pager
        label="Platform email pages"
        firstHref={cursor ? "/staff/emails" : null}
        nextHref={page.nextCursor ? listHref("/staff/emails", {}, { after: page.nextCursor }) : null}
      />
    </StaffShell>
  );
}
