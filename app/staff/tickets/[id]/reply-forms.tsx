"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, Fieldset, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { NativeSelect, Textarea } from "@/app/components/ui/input";
import type { ActionResult } from "@/lib/actions";
import { SAVED_REPLIES } from "@/lib/support/saved-replies";
import { MESSAGE_MAX } from "@/lib/support/ticket-fields";
import { addInternalNoteAction, replyToTicketAction } from "../actions";

type Notice = { ok: boolean; message: string };
type Sent = ActionResult<{ message: string }>;

/** A message form's state: the text, its errors, and what happened last. */
function useMessageForm() {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [pending, startTransition] = useTransition();
  const send = (call: () => Promise<Sent>) =>
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        setMessage("");
        setError(undefined);
        setNotice({ ok: true, message: result.data.message });
        router.refresh();
      } else {
        setError(result.fieldErrors.message);
        setNotice(result.formError ? { ok: false, message: result.formError } : undefined);
      }
    });
  return { message, setMessage, error, notice, pending, send };
}

const describedBy = (id: string, error: string | undefined) =>
  [error ? fieldErrorId(id) : null, fieldHintId(id)].filter(Boolean).join(" ");

const REPLY_OUTCOMES = [
  { status: "waiting_on_owner", label: "Reply and mark Waiting on owner" },
  { status: "solved", label: "Reply and mark Solved" },
] as const;

/**
 * Reply to the owner, who is emailed. A saved reply is inserted where the cursor is, to be
 * adjusted before sending. Replying makes it the owner's turn, or solves the ticket.
 */
export function ReplyForm({ ticketId }: { ticketId: string }) {
  const form = useMessageForm();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const id = "reply-message";

  function insertSavedReply(savedId: string) {
    const saved = SAVED_REPLIES.find((reply) => reply.id === savedId);
    if (!saved) return;
    const el = textarea.current;
    const start = el?.selectionStart ?? form.message.length;
    const end = el?.selectionEnd ?? form.message.length;
    form.setMessage(form.message.slice(0, start) + saved.body + form.message.slice(end));
    el?.focus();
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const status = new FormData(event.currentTarget).get("status") === "solved" ? "solved" : "waiting_on_owner";
        form.send(() => replyToTicketAction({ ticketId, message: form.message, status }));
      }}
    >
      <Fieldset legend="Reply" description="The owner is emailed this reply and reads it in Admin → Help.">
        {form.notice && (
          <Alert tone={form.notice.ok ? "success" : "danger"} role="status">
            {form.notice.message}
          </Alert>
        )}
        <Field label="Saved replies" htmlFor="saved-reply">
          <NativeSelect
            id="saved-reply"
            value=""
            onChange={(event) => insertSavedReply(event.target.value)}
            className="w-full sm:w-auto"
          >
            <option value="">Insert a saved reply…</option>
            {SAVED_REPLIES.map((reply) => (
              <option key={reply.id} value={reply.id}>
                {reply.title}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field
          label="Reply to the owner"
          htmlFor={id}
          error={form.error}
          hint={`Plain text. ${form.message.trim().length.toLocaleString("en-US")} of ${MESSAGE_MAX.toLocaleString("en-US")} characters.`}
        >
          <Textarea
            id={id}
            ref={textarea}
            rows={8}
            value={form.message}
            onChange={(event) => form.setMessage(event.target.value)}
            invalid={!!form.error}
            aria-describedby={describedBy(id, form.error)}
          />
        </Field>
        <fieldset className="grid gap-2 text-sm">
          <legend className="mb-1 font-medium text-gray-900">Then</legend>
          {REPLY_OUTCOMES.map(({ status, label }) => (
            <label key={status} className="flex items-center gap-2 text-gray-800">
              <input
                type="radio"
                name="status"
                value={status}
                defaultChecked={status === "waiting_on_owner"}
                className="size-4 accent-brand-600"
              />
              {label}
            </label>
          ))}
        </fieldset>
        <div>
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Sending…" : "Reply"}
          </Button>
        </div>
      </Fieldset>
    </form>
  );
}

/** A note for staff only: the owner never sees it and nobody is emailed. */
export function InternalNoteForm({ ticketId }: { ticketId: string }) {
  const form = useMessageForm();
  const id = "internal-note";
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        form.send(() => addInternalNoteAction({ ticketId, message: form.message }));
      }}
    >
      <Fieldset
        legend="Internal note"
        description="Only staff see internal notes: the owner is not shown them and nobody is emailed."
        className="border-dashed border-warning-300 bg-warning-50"
      >
        {form.notice && (
          <Alert tone={form.notice.ok ? "success" : "danger"} role="status">
            {form.notice.message}
          </Alert>
        )}
        <Field label="Note" htmlFor={id} error={form.error} hint="Plain text, for staff only.">
          <Textarea
            id={id}
            rows={4}
            value={form.message}
            onChange={(event) => form.setMessage(event.target.value)}
            invalid={!!form.error}
            aria-describedby={describedBy(id, form.error)}
          />
        </Field>
        <div>
          <Button type="submit" variant="secondary" disabled={form.pending}>
            Add internal note
          </Button>
        </div>
      </Fieldset>
    </form>
  );
}
