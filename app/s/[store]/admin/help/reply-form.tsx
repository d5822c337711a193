"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId } from "@/app/components/ui/field";
import { Textarea } from "@/app/components/ui/input";
import { MESSAGE_MAX } from "@/lib/support/ticket-fields";
import { replyToTicketAction } from "./actions";
import { AttachmentsField, useAttachmentUploads } from "./attachments-field";

/** The owner's reply under a thread; replying to a solved request opens it again. */
export function ReplyForm({ ticketId, solved }: { ticketId: string; solved: boolean }) {
  const router = useRouter();
  const attachments = useAttachmentUploads();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const messageError = fieldErrors.message;

  return (
    <form
      className="grid gap-4"
      noValidate
      aria-label="Reply"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const message = String(new FormData(form).get("message") ?? "");
        startTransition(async () => {
          const result = await replyToTicketAction({ ticketId, message, attachmentIds: attachments.ids });
          if (result.ok) {
            form.reset();
            attachments.clear();
            setFieldErrors({});
            setFormError(undefined);
            router.refresh();
            return;
          }
          setFieldErrors(result.fieldErrors);
          setFormError(result.formError);
        });
      }}
    >
      {formError && <Alert tone="danger">{formError}</Alert>}
      <Field
        label="Your reply"
        htmlFor="message"
        error={messageError}
        hint={solved ? "This request is solved; replying opens it again." : undefined}
      >
        <Textarea
          id="message"
          name="message"
          rows={5}
          maxLength={MESSAGE_MAX}
          required
          invalid={!!messageError}
          aria-describedby={messageError ? fieldErrorId("message") : undefined}
        />
      </Field>
      <AttachmentsField
        id="attachments"
        uploads={attachments}
        error={fieldErrors.attachments ?? fieldErrors.attachmentIds}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || attachments.busy}>
          {pending ? "Sending…" : "Send reply"}
        </Button>
        {attachments.busy && <p className="text-sm text-gray-600">Waiting for the attachments to finish uploading…</p>}
      </div>
    </form>
  );
}
