// GET /admin/help on a store host – the store's support requests to the platform, newest first (members only).
import { LifeBuoy, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { CATEGORY_LABEL } from "@/lib/support/ticket-fields";
import { listStoreTickets } from "@/lib/support/tickets";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";
import { AdminShell } from "../admin-shell";
import { TicketStatusBadge } from "./ticket-status-badge";

export const metadata: Metadata = { title: "Help" };

const opened = (date: Date) => date.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });

export default async function HelpPage({ params }: { params: Promise<{ store: string }> }) {
  const access = await requireStoreAdmin((await params).store, "/admin/help");
  const tickets = await listStoreTickets(access.store.id);
  const newRequest = (
    <Link href="/admin/help/new" className={buttonClasses("primary")}>
      <Plus aria-hidden /> New request
    </Link>
  );
  return (
    <AdminShell access={access}>
      <PageHeader
        title="Help"
        description={`Your requests to ${PLATFORM_NAME} support, and their answers.`}
        actions={tickets.length > 0 ? newRequest : undefined}
      />
      {tickets.length === 0 ? (
        <EmptyState icon={<LifeBuoy aria-hidden />} action={newRequest}>
          <p className="font-medium text-gray-900">No requests yet.</p>
          <p className="mt-1 max-w-prose">
            Stripe shows the payment but no order was created? A buyer&apos;s download link does not work, or receipts
            are not going out? Ask {PLATFORM_NAME} support here. Your request carries your store&apos;s current setup
            (never your keys), so we can see what you see.
          </p>
        </EmptyState>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Category</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Opened</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tickets.map((ticket) => (
              <TableRow key={ticket.id} data-status={ticket.status}>
                <TableCell>
                  <Link href={`/admin/help/${ticket.id}`} className="font-medium text-brand-700 hover:underline">
                    {ticket.subject}
                  </Link>
                </TableCell>
                <TableCell>{CATEGORY_LABEL[ticket.category]}</TableCell>
                <TableCell>
                  <TicketStatusBadge status={ticket.status} />
                </TableCell>
                <TableCell className="whitespace-nowrap text-gray-600">{opened(ticket.createdAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </AdminShell>
  );
}
