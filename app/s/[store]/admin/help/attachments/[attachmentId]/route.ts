// GET /admin/help/attachments/:attachmentId on a store host – a file sent with one of the store's support requests (members only).
import { requireStoreAdminForAction } from "@/lib/auth/store-access";
import { AppError } from "@/lib/errors";
import { attachmentResponse } from "@/lib/support/attachments";
import { findStoreAttachment } from "@/lib/support/tickets";
import { findStoreForRequest } from "@/lib/tenancy/request-store";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ store: string; attachmentId: string }> };

const NOT_FOUND = "No such attachment.";
const plain = (status: number, message: string) =>
  new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

export async function GET(_request: Request, { params }: Context) {
  const { store: segment, attachmentId } = await params;
  // The path's store must be the Host's, as on every store page; then the member is checked.
  const store = await findStoreForRequest(segment);
  if (!store) return plain(404, NOT_FOUND);
  try {
    await requireStoreAdminForAction();
  } catch (error) {
    if (error instanceof AppError) return plain(error.status, error.message);
    throw error;
  }
  const attachment = await findStoreAttachment(store.id, attachmentId);
  return attachment ? attachmentResponse(attachment) : plain(404, NOT_FOUND);
}
