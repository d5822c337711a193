// GET /staff (root domain) – the support queue, longest waiting first (platform staff only).
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/components/ui/badge";
import { Button, buttonClasses } from "@/app/components/ui/button";
import { EmptyState } from "@/app/components/ui/empty-state";
import { Input, NativeSelect } from "@/app/components/ui/input";
import { PageHeader } from "@/app/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/app/components/ui/table";
import { listHref } from "@/lib/pagination";
import { requireStaff } from "@/lib/staff/staff-access";
import { listTicketQueue, oldestOpenSince, queueQuery, type QueueQuery } from "@/lib/support/staff-tickets";
import { CATEGORY_LABEL, STATUS_LABEL, TICKET_CATEGORIES, TICKET_STATUSES } from "@/lib/support/ticket-fields";
import { StaffShell } from "./staff-shell";
import { STATUS_TONE } from "./ticket-status";
import { waitingTime } from "./waiting-time";

export const metadata: Metadata = { title: "Staff · Tickets" };

const STATUS_FILTERS: { value: QueueQuery["status"]; label: string }[] = [
  ...TICKET_STATUSES.map((status) => ({ value: status, label: STATUS_LABEL[status] })),
  { value: "all", label: "All" },
];

export default async function StaffTicketQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const staff = await requireStaff("/staff");
  const query = queueQuery.parse(await searchParams);
  const [{ rows, total }, oldest] = await Promise.all([listTicketQueue(query), oldestOpenSince()]);
  const now = new Date();
  const filtered = query.category !== undefined || query.store !== undefined;
  const href = (changes: Record<string, string | null>) =>
    listHref("/staff", { status: query.status, category: query.category, store: query.store }, changes);
  return (
    <StaffShell staff={staff}>
      <PageHeader
        title="Tickets"
        description={
          <span data-testid="oldest-waiting">
            {oldest ? `Oldest waiting: ${waitingTime(oldest, now)}` : "No ticket is waiting for staff."}
          </span>
        }
      />
      <nav aria-label="Ticket status" className="mb-4 flex flex-wrap gap-1">
        {STATUS_FILTERS.map(({ value, label }) => (
          <Link
            key={value}
            href={href({ status: value === "open" ? null : value })}
            aria-current={query.status === value ? "true" : undefined}
            className={buttonClasses(query.status === value ? "primary" : "ghost", "sm")}
          >
            {label}
          </Link>
        ))}
      </nav>
      <form method="get" aria-label="Filter tickets" className="mb-4 flex flex-wrap items-center gap-2">
        {query.status !== "open" && <input type="hidden" name="status" value={query.status} />}
        <NativeSelect name="category" aria-label="Category" defaultValue={query.category ?? ""}>
          <option value="">All categories</option>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {CATEGORY_LABEL[category]}
            </option>
          ))}
        </NativeSelect>
        <Input
          type="search"
          name="store"
          aria-label="Store subdomain"
          placeholder="Store subdomain"
          defaultValue={query.store ?? ""}
          className="w-56"
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered && (
          <Link href={href({ category: null, store: null })} className={buttonClasses("ghost", "md")}>
            Clear filters
          </Link>
        )}
      </form>
      {rows.length === 0 ? (
        <EmptyState>
          No tickets{query.status === "all" ? "" : ` with status “${STATUS_LABEL[query.status]}”`}
          {filtered ? " match these filters" : ""}.
        </EmptyState>
      ) : (
        <>
          {total > rows.length && (
            <p className="mb-2 text-sm text-gray-600">
              Showing the {rows.length} longest waiting of {total} tickets. Narrow the filters to see the others.
            </p>
          )}
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Subject</TableHeaderCell>
                <TableHeaderCell>Store</TableHeaderCell>
                <TableHeaderCell>Opened by</TableHeaderCell>
                <TableHeaderCell>Category</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Assignee</TableHeaderCell>
                <TableHeaderCell className="text-right">Waiting</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((ticket) => (
                <TableRow key={ticket.id} data-testid="ticket-row">
                  <TableCell className="max-w-xs break-words">
                    <Link href={`/staff/tickets/${ticket.id}`} className="font-medium">
                      {ticket.subject}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Link href={href({ store: ticket.subdomain })} title={`Only ${ticket.storeName}'s tickets`}>
                      {ticket.subdomain}
                    </Link>
                  </TableCell>
                  <TableCell className="break-all">{ticket.openedByEmail}</TableCell>
                  <TableCell className="whitespace-nowrap">{CATEGORY_LABEL[ticket.category]}</TableCell>
                  <TableCell>
                    <Badge tone={STATUS_TONE[ticket.status]}>{STATUS_LABEL[ticket.status]}</Badge>
                  </TableCell>
                  <TableCell className="break-all">{ticket.assigneeEmail ?? "—"}</TableCell>
                  <TableCell
                    className="text-right whitespace-nowrap tabular-nums"
                    title={ticket.waitingSince.toISOString()}
                  >
                    {waitingTime(ticket.waitingSince, now)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </StaffShell>
  );
}
