"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId } from "@/app/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/app/components/ui/input";
import type { SealedSnapshot } from "@/lib/support/context-snapshot";
import { CATEGORY_LABEL, MESSAGE_MAX, SUBJECT_MAX, TICKET_CATEGORIES } from "@/lib/support/ticket-fields";
import { openTicketAction } from "./actions";
import { AttachmentsField, useAttachmentUploads } from "./attachments-field";

const FIELDS = ["subject", "category", "message", "attachments", "attachmentIds"];

/**
 * The contact form of Admin → Help. The store context the page built travels with it
 * exactly as sealed, and `shared` shows the owner that same context above Send.
 */
export function NewTicketForm({ sealed, shared }: { sealed: SealedSnapshot; shared: ReactNode }) {
  const router = useRouter();
  const attachments = useAttachmentUploads();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const error = (name: string) => fieldErrors[name];
  const describedBy = (name: string) => (error(name) ? fieldErrorId(name) : undefined);

  return (
    <form
      className="grid max-w-3xl gap-6"
      noValidate
      aria-label="New support request"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await openTicketAction({
            subject: String(data.get("subject") ?? ""),
            category: String(data.get("category") ?? ""),
            message: String(data.get("message") ?? ""),
            attachmentIds: attachments.ids,
            snapshotJson: sealed.json,
            snapshotSeal: sealed.seal,
          });
          if (result.ok) {
            router.push(`/admin/help/${result.data.id}`);
            return;
          }
          setFieldErrors(result.fieldErrors);
          // The snapshot fields are not the owner's to fix, except by reloading.
          const other = Object.keys(result.fieldErrors).some((name) => !FIELDS.includes(name));
          setFormError(
            result.formError ??
              (other ? "The store context could not be read. Reload the page and send again." : undefined),
          );
        });
      }}
    >
      {formError && (
        <Alert tone="danger" data-testid="form-error">
          {formError}
        </Alert>
      )}
      <Field label="Subject" htmlFor="subject" error={error("subject")}>
        <Input
          id="subject"
          name="subject"
          maxLength={SUBJECT_MAX}
          required
          placeholder="Stripe shows a payment but no order was created"
          invalid={!!error("subject")}
          aria-describedby={describedBy("subject")}
        />
      </Field>
      <Field label="Category" htmlFor="category" error={error("category")}>
        <NativeSelect
          id="category"
          name="category"
          defaultValue=""
          required
          className="w-full sm:w-80"
          invalid={!!error("category")}
          aria-describedby={describedBy("category")}
        >
          <option value="">Choose…</option>
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {CATEGORY_LABEL[category]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field
        label="Message"
        htmlFor="message"
        error={error("message")}
        hint="What you expected, what happened instead, and an order or payment id if there is one."
      >
        <Textarea
          id="message"
          name="message"
          rows={8}
          maxLength={MESSAGE_MAX}
          required
          invalid={!!error("message")}
          aria-describedby={describedBy("message")}
        />
      </Field>
      <AttachmentsField id="attachments" uploads={attachments} error={error("attachments") ?? error("attachmentIds")} />
      {shared}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || attachments.busy}>
          {pending ? "Sending…" : "Send"}
        </Button>
        {attachments.busy && <p className="text-sm text-gray-600">Waiting for the attachments to finish uploading…</p>}
      </div>
    </form>
  );
}
