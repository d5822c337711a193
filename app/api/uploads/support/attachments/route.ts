// POST /api/uploads/support/attachments on a store host – attach a screenshot or PDF to a support message about to be sent (raw body, name in X-File-Name).
import { handleUpload, uploadSource } from "@/lib/catalog/upload-request";
import { uploadSupportAttachment } from "@/lib/support/attachments";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleUpload(request, (access) => uploadSupportAttachment(access, uploadSource(request)));
}
