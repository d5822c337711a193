// GET /staff/tickets/:id (root domain) – one support ticket: its thread, the context sent with
// it, the store's health now, and staff's actions on it (platform staff only).
import { Paperclip } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ContextSnapshotView } from "@/app/s/[store]/admin/help/context-snapshot-view";
import { BackLink } from "@/app/components/ui/back-link";
import { Badge } from "@/app/components/ui/badge";
import { Card } from "@/app/components/ui/card";
import { cn } from "@/app/components/ui/cn";
import { EmptyState } from "@/app/components/ui/empty-state";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { formatBytes } from "@/lib/format-bytes";
import { requireStaff } from "@/lib/staff/staff-access";
import { getTicketForStaff, listStaffMembers, type StaffTicket } from "@/lib/support/staff-tickets";
import { CATEGORY_LABEL, STATUS_LABEL, type TicketStatusName } from "@/lib/support/ticket-fields";
import { storeUrl } from "@/lib/tenancy/stores";
import { StaffShell } from "../../staff-shell";
import { STATUS_TONE } from "../../ticket-status";
import { waitingTime } from "../../waiting-time";
import { InternalNoteForm, ReplyForm } from "./reply-forms";
import { StoreHealthPanel } from "./store-health-panel";
import { AssignForm, StatusForm } from "./ticket-controls";

export const metadata: Metadata = { title: "Staff · Ticket" };

/** What the time since `waitingSince` means in each status. */
const SINCE: Record<TicketStatusName, string> = {
  open: "waiting for staff for",
  waiting_on_owner: "the owner's turn for",
  solved: "solved for",
};

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export default async function StaffTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const staff = await requireStaff(`/staff/tickets/${id}`);
  const [ticket, staffMembers] = await Promise.all([getTicketForStaff(id), listStaffMembers()]);
  if (!ticket) notFound();
  const assignee = staffMembers.find((member) => member.id === ticket.assignedTo);
  return (
    <StaffShell staff={staff}>
      <BackLink href="/staff">Tickets</BackLink>
      <PageHeader
        title={<span className="break-words">{ticket.subject}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Badge tone={STATUS_TONE[ticket.status]}>{STATUS_LABEL[ticket.status]}</Badge>
            <span>
              {ticket.store.name} · {CATEGORY_LABEL[ticket.category]} · {SINCE[ticket.status]}{" "}
              {waitingTime(ticket.waitingSince)}
            </span>
          </span>
        }
      />
      <div className="grid gap-8 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <section aria-labelledby="thread-heading">
            <h2 id="thread-heading" className="mb-3 text-lg font-semibold text-gray-900">
              Thread
            </h2>
            <Thread ticket={ticket} />
          </section>
          <ReplyForm ticketId={ticket.id} />
          <InternalNoteForm ticketId={ticket.id} />
        </div>
        <aside className="grid min-w-0 content-start gap-6">
          <Card>
            <h2 className="mb-3 text-base font-semibold text-gray-900">Details</h2>
            <dl className="grid gap-2 text-sm [&_dd]:break-words [&_dd]:text-gray-900 [&_dt]:text-gray-500">
              <div>
                <dt>Store</dt>
                <dd>
                  {ticket.store.name} · <a href={storeUrl(ticket.store)}>{ticket.store.subdomain}</a>
                  <div className="text-xs">
                    <Link href={`/staff/stores?q=${encodeURIComponent(ticket.store.subdomain)}`}>
                      In the stores directory
                    </Link>
                    {" · "}
                    <Link href={`/staff?status=all&store=${encodeURIComponent(ticket.store.subdomain)}`}>
                      Its tickets
                    </Link>
                  </div>
                </dd>
              </div>
              <div>
                <dt>Opened by</dt>
                <dd>{ticket.openedByEmail}</dd>
              </div>
              <div>
                <dt>Opened</dt>
                <dd>{utc(ticket.createdAt)}</dd>
              </div>
              <div>
                <dt>Category</dt>
                <dd>{CATEGORY_LABEL[ticket.category]}</dd>
              </div>
              <div>
                <dt>Status</dt>
                <dd>
                  {STATUS_LABEL[ticket.status]} since {utc(ticket.waitingSince)}
                </dd>
              </div>
              <div>
                <dt>Assignee</dt>
                <dd>{assignee?.email ?? (ticket.assignedTo ? "(no longer staff)" : "Unassigned")}</dd>
              </div>
            </dl>
          </Card>
          <Card className="grid gap-5">
            <AssignForm ticketId={ticket.id} assignedTo={ticket.assignedTo} staffMembers={staffMembers} />
            <StatusForm ticketId={ticket.id} status={ticket.status} />
          </Card>
          <section aria-labelledby="health-heading">
            <h2 id="health-heading" className="mb-3 text-base font-semibold text-gray-900">
              The store now
            </h2>
            {/* Building the checklist asks Stripe; the thread should not wait for it. */}
            <Suspense
              fallback={
                <Card className="text-sm text-gray-600" role="status">
                  Checking the store&apos;s health…
                </Card>
              }
            >
              <StoreHealthPanel storeId={ticket.store.id} />
            </Suspense>
          </section>
        </aside>
      </div>
      <SectionHeader
        title="Context sent with the ticket"
        description={
          ticket.snapshot
            ? `As the owner saw it when sending, ${utc(new Date(ticket.snapshot.takenAt))}.`
            : "This ticket carries no readable context."
        }
      />
      {ticket.snapshot && <ContextSnapshotView snapshot={ticket.snapshot} />}
    </StaffShell>
  );
}

/** The messages, oldest first, as plain text: what an owner typed is never read as HTML or Markdown. */
function Thread({ ticket }: { ticket: StaffTicket }) {
  if (ticket.messages.length === 0) return <EmptyState>No messages.</EmptyState>;
  return (
    <ol className="grid gap-3">
      {ticket.messages.map((message) => (
        <li
          key={message.id}
          data-testid="thread-message"
          data-internal={message.internal || undefined}
          className={cn(
            "rounded-xl border p-4 shadow-xs",
            message.internal
              ? "border-dashed border-warning-300 bg-warning-50"
              : message.fromStaff
                ? "border-brand-200 bg-brand-50"
                : "border-gray-200 bg-white",
          )}
        >
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
            <span className="font-medium break-all text-gray-900">
              {message.authorEmail}{" "}
              <span className="font-normal text-gray-500">({message.fromStaff ? "staff" : "owner"})</span>
            </span>
            <time className="text-xs text-gray-500 tabular-nums" dateTime={message.createdAt.toISOString()}>
              {utc(message.createdAt)}
            </time>
          </div>
          {message.internal && (
            <p className="mb-2 text-xs font-semibold tracking-wide text-warning-800 uppercase">
              Internal note · not shown to the owner
            </p>
          )}
          <p className="text-sm break-words whitespace-pre-wrap text-gray-800">{message.body}</p>
          {message.attachments.length > 0 && (
            <ul className="mt-3 grid gap-1 text-sm">
              {message.attachments.map((attachment) => (
                <li key={attachment.id} className="flex items-center gap-1.5">
                  <Paperclip className="size-4 shrink-0 text-gray-500" aria-hidden />
                  <a
                    href={`/staff/tickets/${ticket.id}/attachments/${attachment.id}`}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="break-all"
                  >
                    {attachment.fileName}
                  </a>
                  <span className="text-gray-500">({formatBytes(attachment.sizeBytes)})</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
