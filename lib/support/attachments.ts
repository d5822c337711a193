import "server-only";
import { Readable } from "node:stream";
import { and, count, eq, inArray, isNull, lt } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { supportAttachments, type SupportAttachment } from "@/db/schema";
import type { StoreAccess } from "@/lib/auth/store-access";
import { sanitizeFileName } from "@/lib/catalog/file-names";
import type { UploadSource } from "@/lib/catalog/product-files";
import { deleteObjects } from "@/lib/catalog/products";
import { getDb, type Executor, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format-bytes";
import { log } from "@/lib/log";
import { getStorage } from "@/lib/storage";
import { FileTooLargeError } from "@/lib/storage/storage";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ATTACHMENTS_MAX } from "./ticket-fields";

/** What the form is told about a stored attachment. */
export type AttachmentView = Pick<SupportAttachment, "id" | "fileName" | "contentType" | "sizeBytes">;

export const attachmentView = (a: SupportAttachment): AttachmentView => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
});

/** Uploaded but never sent: cleared after a day, whenever the store uploads again. */
const UNSENT_TTL_MS = 24 * 60 * 60 * 1000;
/** A bound on unsent uploads per store, so the form cannot be used as free storage. */
const UNSENT_MAX = 20;

const refuse = (message: string, status = 400) =>
  new AppError("bad_attachment", message, status, { attachments: message });

/**
 * Stores one attachment for a message the owner is about to send: streamed to storage
 * (never whole in memory), refused past 10 MB or when its bytes are not an image or a
 * PDF (the name and the browser's word do not count). It belongs to no message until
 * the message is sent.
 */
export async function uploadSupportAttachment(access: StoreAccess, source: UploadSource): Promise<AttachmentView> {
  const storeId = access.store.id;
  const fileName = sanitizeFileName(source.fileName);
  if (!fileName) throw refuse("The file needs a name.");
  if (source.declaredSize != null && source.declaredSize > ATTACHMENT_MAX_BYTES) throw tooLarge();
  await clearUnsentAttachments(storeId);
  const db = await getDb();
  const [unsent] = await db
    .select({ n: count() })
    .from(supportAttachments)
    .where(and(eq(supportAttachments.storeId, storeId), isNull(supportAttachments.messageId)));
  if ((unsent?.n ?? 0) >= UNSENT_MAX) {
    throw refuse("Too many files are waiting to be sent. Send your message first, or try again tomorrow.", 429);
  }

  let stored;
  try {
    stored = await getStorage().put(storeId, source.body, { maxBytes: ATTACHMENT_MAX_BYTES });
  } catch (error) {
    if (error instanceof FileTooLargeError) throw tooLarge();
    throw error;
  }
  try {
    if (stored.sizeBytes === 0) throw refuse("The file is empty.");
    if (source.declaredSize != null && stored.sizeBytes !== source.declaredSize) {
      throw refuse("The upload was interrupted before the whole file arrived. Try again.");
    }
    const sniffed = await fileTypeFromBuffer(stored.head);
    const contentType = ATTACHMENT_TYPES.find((type) => type === sniffed?.mime);
    if (!contentType) {
      throw refuse(`${fileName} is not a screenshot or a PDF. Attach PNG, JPEG, GIF, WebP or PDF files.`, 415);
    }
    const [row] = await db
      .insert(supportAttachments)
      .values({
        storeId,
        uploadedBy: access.user.id,
        fileName,
        contentType,
        sizeBytes: stored.sizeBytes,
        storageKey: stored.storageKey,
      })
      .returning();
    if (!row) throw new Error("support attachment insert returned no row");
    return attachmentView(row);
  } catch (error) {
    await deleteObjects([stored.storageKey]);
    throw error;
  }
}

function tooLarge() {
  return refuse(`Each attachment must be ${formatBytes(ATTACHMENT_MAX_BYTES)} or smaller.`, 413);
}

/**
 * Attaches the owner's own unsent uploads to a message, on the message's transaction.
 * Anything else named (another store's, another member's, already sent) is refused.
 */
export async function linkAttachments(
  tx: Tx,
  args: { storeId: string; userId: string; messageId: string; attachmentIds: string[] },
): Promise<void> {
  const ids = [...new Set(args.attachmentIds)];
  if (ids.length === 0) return;
  if (ids.length > ATTACHMENTS_MAX) throw refuse(`Attach at most ${ATTACHMENTS_MAX} files.`);
  const linked = await tx
    .update(supportAttachments)
    .set({ messageId: args.messageId })
    .where(
      and(
        eq(supportAttachments.storeId, args.storeId),
        eq(supportAttachments.uploadedBy, args.userId),
        isNull(supportAttachments.messageId),
        inArray(supportAttachments.id, ids),
      ),
    )
    .returning({ id: supportAttachments.id });
  if (linked.length !== ids.length) {
    throw refuse("An attachment is no longer available. Remove it and attach the file again.", 409);
  }
}

/** The attachments of these messages, by message. */
export async function attachmentsOfMessages(
  executor: Executor,
  messageIds: string[],
): Promise<Map<string, AttachmentView[]>> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await executor
    .select()
    .from(supportAttachments)
    .where(inArray(supportAttachments.messageId, messageIds))
    .orderBy(supportAttachments.createdAt);
  for (const row of rows) {
    if (!row.messageId) continue;
    byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), attachmentView(row)]);
  }
  return byMessage;
}

async function clearUnsentAttachments(storeId: string, now = new Date()): Promise<void> {
  const db = await getDb();
  const stale = await db
    .delete(supportAttachments)
    .where(
      and(
        eq(supportAttachments.storeId, storeId),
        isNull(supportAttachments.messageId),
        lt(supportAttachments.createdAt, new Date(now.getTime() - UNSENT_TTL_MS)),
      ),
    )
    .returning({ storageKey: supportAttachments.storageKey });
  if (stale.length > 0) {
    await deleteObjects(stale.map((s) => s.storageKey));
    log.info({ storeId, count: stale.length }, "unsent support attachments cleared");
  }
}

/** An attachment's bytes, as a download response: never rendered as a page of our origin. */
export async function attachmentResponse(attachment: SupportAttachment): Promise<Response> {
  const stream = await getStorage().read(attachment.storageKey);
  const inline = attachment.contentType.startsWith("image/");
  const encoded = encodeURIComponent(attachment.fileName);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(attachment.sizeBytes),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encoded}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
