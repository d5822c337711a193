import "server-only";
import { and, eq } from "drizzle-orm";
import { users, type Store, type SupportTicket } from "@/db/schema";
import type { Executor } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { renderEmail } from "@/lib/email/templates/render-email";
import { SupportEmail } from "@/lib/email/templates/support-email";
import { platformUrl, storeUrl } from "@/lib/tenancy/stores";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";

/*
 * Support mail is the platform's own mail (no store id): it goes through the outbox with
 * its retries, from PLATFORM_MAIL_FROM, and without a platform key it is held in the staff
 * console's platform email log. Each is queued on the transaction of the message it
 * announces, keyed by that message, so it exists exactly when the message does.
 */

export const OWNER_MESSAGE_MAIL_KIND = "support_owner_message";
export const STAFF_REPLY_MAIL_KIND = "support_staff_reply";

type TicketRef = Pick<SupportTicket, "id" | "subject" | "assignedTo">;

/** Tells staff the owner wrote: the assignee if there is one, otherwise every staff member. */
export async function notifyStaffOfOwnerMessage(
  executor: Executor,
  args: {
    ticket: TicketRef;
    store: Pick<Store, "name" | "subdomain">;
    messageId: string;
    message: string;
    isNew: boolean;
  },
): Promise<void> {
  const recipients = await executor
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      args.ticket.assignedTo
        ? and(eq(users.id, args.ticket.assignedTo), eq(users.isStaff, true))
        : eq(users.isStaff, true),
    );
  const heading = args.isNew ? `New support request from ${args.store.name}` : `${args.store.name} replied`;
  const rendered = await renderEmail(
    SupportEmail({
      heading,
      intro: `${args.store.subdomain} · “${args.ticket.subject}”`,
      message: args.message,
      link: { url: platformUrl(`/staff/tickets/${args.ticket.id}`), label: "Open the ticket in the staff console" },
    }),
  );
  for (const staff of recipients) {
    await enqueueEmail(executor, {
      storeId: null,
      kind: OWNER_MESSAGE_MAIL_KIND,
      to: staff.email,
      subject: `[${args.store.subdomain}] ${args.ticket.subject}`,
      ...rendered,
      dedupeKey: `${OWNER_MESSAGE_MAIL_KIND}:${args.messageId}:${staff.id}`,
    });
  }
}

/** Tells the owner who opened the ticket that staff replied, with a link back to the thread. */
export async function notifyOwnerOfStaffReply(
  executor: Executor,
  args: {
    ticket: TicketRef & Pick<SupportTicket, "openedBy">;
    store: Pick<Store, "subdomain">;
    messageId: string;
    message: string;
  },
): Promise<void> {
  const [owner] = await executor
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, args.ticket.openedBy))
    .limit(1);
  if (!owner) return;
  const rendered = await renderEmail(
    SupportEmail({
      heading: `${PLATFORM_NAME} support replied`,
      intro: `About your request “${args.ticket.subject}”:`,
      message: args.message,
      link: { url: storeUrl(args.store, `/admin/help/${args.ticket.id}`), label: "Read and reply in Admin → Help" },
    }),
  );
  await enqueueEmail(executor, {
    storeId: null,
    kind: STAFF_REPLY_MAIL_KIND,
    to: owner.email,
    subject: `Re: ${args.ticket.subject}`,
    ...rendered,
    dedupeKey: `${STAFF_REPLY_MAIL_KIND}:${args.messageId}`,
  });
}
