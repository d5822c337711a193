// GET /staff/audit (root domain) – every staff action, read-only (platform staff only).
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStaff } from "@/lib/staff/staff-access";
import { listStaffAudit } from "@/lib/staff/store-standing";
import { StaffShell } from "../staff-shell";

export const metadata: Metadata = { title: "Staff · Audit log" };

export default async function StaffAuditPage() {
  const staff = await requireStaff("/staff/audit");
  const entries = await listStaffAudit();
  return (
    <StaffShell staff={staff}>
      <PageHeader
        title="Audit log"
        description="Every staff action: who, what, when and on which store or ticket. Nothing here can be edited."
      />
      {entries.length === 0 ? (
        <EmptyState>No staff action yet.</EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>When (UTC)</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Detail</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id} data-testid="audit-entry">
                <TableCell className="whitespace-nowrap tabular-nums">
                  {entry.createdAt.toISOString().slice(0, 19).replace("T", " ")}
                </TableCell>
                <TableCell>{entry.staffEmail}</TableCell>
                <TableCell>
                  <code>{entry.action}</code>
                </TableCell>
                <TableCell className="break-words">
                  {entry.detail}
                  {entry.ticketId && (
                    <div className="text-xs">
                      <Link href={`/staff/tickets/${entry.ticketId}`}>Open the ticket</Link>
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </StaffShell>
  );
}
