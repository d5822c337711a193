"use client";
import { CircleAlert, CircleCheck, FileText, X } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { formatBytes } from "@/lib/format-bytes";
import type { AttachmentView } from "@/lib/support/attachments";
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX } from "@/lib/support/ticket-fields";
import { uploadFile } from "../products/upload";

export const SUPPORT_ATTACHMENTS_URL = "/api/uploads/support/attachments";

export type AttachmentUpload = {
  key: string;
  name: string;
  fraction: number;
  status: "uploading" | "done" | "failed";
  error?: string;
  attachment?: AttachmentView;
};

export type AttachmentUploads = ReturnType<typeof useAttachmentUploads>;

/**
 * The files a message will carry. Each is uploaded as soon as it is chosen (so the owner
 * sees progress and any refusal at once); the message then names the stored ones by id.
 */
export function useAttachmentUploads() {
  const [uploads, setUploads] = useState<AttachmentUpload[]>([]);
  const [notice, setNotice] = useState<string>();
  const running = useRef(new Map<string, AbortController>());
  const counter = useRef(0);

  const patch = (key: string, change: Partial<AttachmentUpload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  async function add(files: File[]) {
    if (files.length === 0) return;
    const kept = uploads.filter((u) => u.status !== "failed").length;
    if (kept + files.length > ATTACHMENTS_MAX) {
      setNotice(`Attach at most ${ATTACHMENTS_MAX} files. Remove one first.`);
      return;
    }
    setNotice(undefined);
    const batch = files.map((file) => ({ file, key: `attachment-${++counter.current}` }));
    setUploads((all) => [
      ...all,
      ...batch.map(({ file, key }): AttachmentUpload => {
        // Refused here, before 10 MB travel only to be refused by the server.
        const tooLarge = file.size > ATTACHMENT_MAX_BYTES;
        return {
          key,
          name: file.name,
          fraction: 0,
          status: tooLarge ? "failed" : "uploading",
          error: tooLarge ? `Each attachment must be ${formatBytes(ATTACHMENT_MAX_BYTES)} or smaller.` : undefined,
        };
      }),
    ]);
    // One at a time, so each file gets the connection's full speed and a clear bar.
    for (const { file, key } of batch) {
      if (file.size > ATTACHMENT_MAX_BYTES) continue;
      const controller = new AbortController();
      running.current.set(key, controller);
      const result = await uploadFile<AttachmentView>(
        "POST",
        SUPPORT_ATTACHMENTS_URL,
        file,
        (fraction) => patch(key, { fraction }),
        controller.signal,
      );
      running.current.delete(key);
      if (controller.signal.aborted) continue;
      if (result.ok) patch(key, { status: "done", fraction: 1, attachment: result.data });
      else patch(key, { status: "failed", error: result.fieldErrors.attachments ?? result.error });
    }
  }

  /** Drops a file from the message; an upload still running is stopped. */
  function remove(key: string) {
    running.current.get(key)?.abort();
    running.current.delete(key);
    setUploads((all) => all.filter((u) => u.key !== key));
    setNotice(undefined);
  }

  /** After the message is sent: its files went with it. */
  function clear() {
    for (const controller of running.current.values()) controller.abort();
    running.current.clear();
    setUploads([]);
    setNotice(undefined);
  }

  return {
    uploads,
    notice,
    add,
    remove,
    clear,
    ids: uploads.flatMap((u) => (u.attachment ? [u.attachment.id] : [])),
    busy: uploads.some((u) => u.status === "uploading"),
  };
}

/** The attachments input and the list of chosen files, with progress, refusals and Remove. */
export function AttachmentsField({
  id,
  uploads,
  error,
}: {
  id: string;
  uploads: AttachmentUploads;
  /** The action's refusal (e.g. an attachment no longer available). */
  error?: string;
}) {
  const picker = useRef<HTMLInputElement>(null);
  const shownError = uploads.notice ?? error;
  return (
    <div className="grid gap-3">
      <Field
        label="Attachments (optional)"
        htmlFor={id}
        error={shownError}
        hint={`Screenshots or PDFs: PNG, JPEG, GIF, WebP or PDF, up to ${formatBytes(ATTACHMENT_MAX_BYTES)} each, at most ${ATTACHMENTS_MAX}.`}
      >
        <input
          ref={picker}
          id={id}
          type="file"
          multiple
          accept={ATTACHMENT_ACCEPT}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? `${fieldErrorId(id)} ${fieldHintId(id)}` : fieldHintId(id)}
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])];
            if (picker.current) picker.current.value = "";
            void uploads.add(chosen);
          }}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-medium file:text-brand-700 hover:file:bg-brand-100"
        />
      </Field>
      {uploads.uploads.length > 0 && (
        <ul className="grid gap-2" aria-label="Attached files">
          {uploads.uploads.map((upload) => (
            <AttachmentRow key={upload.key} upload={upload} onRemove={() => uploads.remove(upload.key)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AttachmentRow({ upload, onRemove }: { upload: AttachmentUpload; onRemove: () => void }) {
  const percent = Math.round(upload.fraction * 100);
  return (
    <li className="grid gap-1 rounded-md border border-gray-200 bg-white p-3 text-sm" data-testid="attachment">
      <div className="flex items-center justify-between gap-3">
        <span className="flex min-w-0 items-center gap-2">
          <FileText className="size-4 shrink-0 text-gray-400" aria-hidden />
          <span className="truncate font-medium">{upload.name}</span>
          {upload.attachment && (
            <span className="shrink-0 text-gray-500">{formatBytes(upload.attachment.sizeBytes)}</span>
          )}
        </span>
        <span className="flex shrink-0 items-center gap-2 text-gray-600">
          {upload.status === "uploading" && `${percent}%`}
          {upload.status === "done" && (
            <span className="inline-flex items-center gap-1 text-success-700">
              <CircleCheck className="size-4" aria-hidden /> Uploaded
            </span>
          )}
          {upload.status === "failed" && (
            <span className="inline-flex items-center gap-1 text-danger-700">
              <CircleAlert className="size-4" aria-hidden /> Not attached
            </span>
          )}
          <Button type="button" variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove ${upload.name}`}>
            <X aria-hidden /> Remove
          </Button>
        </span>
      </div>
      {upload.status === "uploading" && (
        <div
          role="progressbar"
          aria-label={`Uploading ${upload.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 overflow-hidden rounded-full bg-gray-100"
        >
          <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
      )}
      {upload.error && (
        <p role="alert" className="text-danger-700">
          {upload.error}
        </p>
      )}
    </li>
  );
}
