"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Field, fieldErrorId } from "@/app/components/ui/field";
import { NativeSelect } from "@/app/components/ui/input";
import type { ActionResult } from "@/lib/actions";
import { STATUS_LABEL, TICKET_STATUSES, type TicketStatusName } from "@/lib/support/ticket-fields";
import { assignTicketAction, setTicketStatusAction } from "../actions";

type Outcome = { fieldError?: string; notice?: { ok: boolean; message: string } };

/** Runs one of the ticket's actions and refreshes the page when it worked. */
function useTicketAction(field: string) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>({});
  const [pending, startTransition] = useTransition();
  const run = (call: () => Promise<ActionResult<{ message: string }>>) =>
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        setOutcome({ notice: { ok: true, message: result.data.message } });
        router.refresh();
      } else {
        setOutcome({
          fieldError: result.fieldErrors[field],
          notice: result.formError ? { ok: false, message: result.formError } : undefined,
        });
      }
    });
  return { outcome, pending, run };
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (!outcome.notice) return null;
  return (
    <Alert tone={outcome.notice.ok ? "success" : "danger"} role="status">
      {outcome.notice.message}
    </Alert>
  );
}

/** One select and its button, sending the chosen value to one of the ticket's actions. */
function SelectActionForm({
  id,
  name,
  label,
  submitLabel,
  defaultValue,
  options,
  submit,
}: {
  id: string;
  name: string;
  label: string;
  submitLabel: string;
  defaultValue: string;
  options: { value: string; label: string }[];
  submit: (value: string) => Promise<ActionResult<{ message: string }>>;
}) {
  const { outcome, pending, run } = useTicketAction(name);
  return (
    <form
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = String(new FormData(event.currentTarget).get(name) ?? "");
        run(() => submit(chosen));
      }}
    >
      <OutcomeNotice outcome={outcome} />
      <Field label={label} htmlFor={id} error={outcome.fieldError}>
        <div className="flex gap-2">
          <NativeSelect
            id={id}
            name={name}
            defaultValue={defaultValue}
            className="min-w-0 flex-1"
            invalid={!!outcome.fieldError}
            aria-describedby={outcome.fieldError ? fieldErrorId(id) : undefined}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect>
          <Button type="submit" variant="secondary" disabled={pending}>
            {submitLabel}
          </Button>
        </div>
      </Field>
    </form>
  );
}

export function AssignForm({
  ticketId,
  assignedTo,
  staffMembers,
}: {
  ticketId: string;
  assignedTo: string | null;
  staffMembers: { id: string; email: string }[];
}) {
  return (
    <SelectActionForm
      id="assignee"
      name="assigneeId"
      label="Assign to"
      submitLabel="Assign"
      defaultValue={assignedTo ?? ""}
      options={[
        { value: "", label: "Unassigned" },
        ...staffMembers.map((member) => ({ value: member.id, label: member.email })),
      ]}
      submit={(chosen) => assignTicketAction({ ticketId, assigneeId: chosen || null })}
    />
  );
}

export function StatusForm({ ticketId, status }: { ticketId: string; status: TicketStatusName }) {
  return (
    <SelectActionForm
      id="ticket-status"
      name="status"
      label="Status"
      submitLabel="Save"
      defaultValue={status}
      options={TICKET_STATUSES.map((value) => ({ value, label: STATUS_LABEL[value] }))}
      submit={(chosen) => setTicketStatusAction({ ticketId, status: chosen })}
    />
  );
}
