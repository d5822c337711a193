// GET /admin/help/<id> on a store host – one support request: its thread, a reply, and the context it was sent with (members only).
import { Paperclip } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink } from "@/app/components/ui/back-link";
import { Card } from "@/app/components/ui/card";
import { PageHeader, SectionHeader } from "@/app/components/ui/page-header";
import { requireStoreAdmin } from "@/lib/auth/store-access";
import { formatBytes } from "@/lib/format-bytes";
import { readStoredSnapshot } from "@/lib/support/context-snapshot";
import { CATEGORY_LABEL } from "@/lib/support/ticket-fields";
import { getStoreTicket, type ThreadMessage } from "@/lib/support/tickets";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";
import { AdminShell } from "../../admin-shell";
import { ContextSnapshotView } from "../context-snapshot-view";
import { ReplyForm } from "../reply-form";
import { TicketStatusBadge } from "../ticket-status-badge";

export const metadata: Metadata = { title: "Support request" };

const when = (date: Date) => date.toLocaleString("en-US");

export default async function TicketPage({ params }: { params: Promise<{ store: string; id: string }> }) {
  const { store, id } = await params;
  const access = await requireStoreAdmin(store, `/admin/help/${encodeURIComponent(id)}`);
  // Null for another store's ticket too: the owner cannot tell it exists.
  const found = await getStoreTicket(access.store.id, id);
  if (!found) notFound();
  const { ticket, messages } = found;
  const snapshot = readStoredSnapshot(ticket.snapshot);
  /** Staff are one voice to the owner: never a staff member's name or address. */
  const author = (message: ThreadMessage) =>
    message.fromStaff
      ? `${PLATFORM_NAME} support`
      : message.authorId === access.user.id
        ? "You"
        : "A member of your store";
  return (
    <AdminShell access={access}>
      <BackLink href="/admin/help">Help</BackLink>
      <PageHeader
        title={ticket.subject}
        description={`${CATEGORY_LABEL[ticket.category]} · opened ${when(ticket.createdAt)}`}
        actions={<TicketStatusBadge status={ticket.status} />}
      />
      <ol className="grid max-w-3xl gap-3" aria-label="Conversation" data-testid="support-thread">
        {messages.map((message) => (
          <li key={message.id} data-from={message.fromStaff ? "support" : "store"}>
            <Card className={message.fromStaff ? "border-brand-200 bg-brand-50/40" : undefined}>
              <p className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-semibold text-gray-900">{author(message)}</span>
                <span className="text-gray-500">{when(message.createdAt)}</span>
              </p>
              {/* Plain text as written: markup in a message is shown, never interpreted. */}
              <p className="text-sm break-words whitespace-pre-wrap text-gray-800">{message.body}</p>
              {message.attachments.length > 0 && (
                <ul className="mt-3 grid gap-1 text-sm" aria-label="Attachments">
                  {message.attachments.map((attachment) => (
                    <li key={attachment.id} className="flex items-center gap-1.5">
                      <Paperclip className="size-4 shrink-0 text-gray-400" aria-hidden />
                      <a
                        href={`/admin/help/attachments/${attachment.id}`}
                        target="_blank"
                        rel="noopener"
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {attachment.fileName}
                      </a>
                      <span className="text-gray-500">{formatBytes(attachment.sizeBytes)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </li>
        ))}
      </ol>
      <SectionHeader title="Reply" />
      <div className="max-w-3xl">
        <ReplyForm ticketId={ticket.id} solved={ticket.status === "solved"} />
      </div>
      <Card padded={false} className="mt-8 max-w-3xl">
        <details>
          <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-gray-900">
            Context shared when this request was sent
          </summary>
          <div className="border-t border-gray-200 px-5 py-4">
            {snapshot ? (
              <ContextSnapshotView snapshot={snapshot} />
            ) : (
              <p className="text-sm text-gray-600">This request was sent without a readable store context.</p>
            )}
          </div>
        </details>
      </Card>
    </AdminShell>
  );
}
