// GET /staff/tickets/:id/attachments/:attachmentId (root domain) – an attachment of a ticket, for staff only.
import { attachmentResponse } from "@/lib/support/attachments";
import { findTicketAttachment } from "@/lib/support/staff-tickets";
import { getSignedInUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; attachmentId: string }> };

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function GET(_request: Request, { params }: Context) {
  // A file is not a page: no sign-in redirect, a plain refusal the browser shows as is.
  const user = await getSignedInUser();
  if (!user) return text("Sign in to the staff console to open this attachment.", 401);
  if (!user.isStaff) return text("Only platform staff can open this attachment.", 403);
  const { id, attachmentId } = await params;
  const attachment = await findTicketAttachment(id, attachmentId);
  if (!attachment) return text("No such attachment.", 404);
  return attachmentResponse(attachment);
}
