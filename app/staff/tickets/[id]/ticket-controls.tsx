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

export function AssignForm({
  ticketId,
  assignedTo,
  staffMembers,
}: {
  ticketId: string;
  assignedTo: string | null;
  staffMembers: { id: string; email: string }[];
}) {
  const { outcome, pending, run } = useTicketAction("assigneeId");
  const id = "assignee";
  return (
    <form
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = String(new FormData(event.currentTarget).get("assigneeId") ?? "");
        run(() => assignTicketAction({ ticketId, assigneeId: chosen || null }));
      }}
    >
      <OutcomeNotice outcome={outcome} />
      <Field label="Assign to" htmlFor={id} error={outcome.fieldError}>
        <div className="flex gap-2">
          <NativeSelect
            id={id}
            name="assigneeId"
            defaultValue={assignedTo ?? ""}
            className="min-w-0 flex-1"
            invalid={!!outcome.fieldError}
            aria-describedby={outcome.fieldError ? fieldErrorId(id) : undefined}
          >
            <option value="">Unassigned</option>
            {staffMembers.map((member) => (
              <option key={member.id} value={member.id}>
                {member.email}
              </option>
            ))}
          </NativeSelect>
          <Button type="submit" variant="secondary" disabled={pending}>
            Assign
          </Button>
        </div>
      </Field>
    </form>
  );
}

export function StatusForm({ ticketId, status }: { ticketId: string; status: TicketStatusName }) {
  const { outcome, pending, run } = useTicketAction("status");
  const id = "ticket-status";
  return (
    <form
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = String(new FormData(event.currentTarget).get("status") ?? "");
        run(() => setTicketStatusAction({ ticketId, status: chosen }));
      }}
    >
      <OutcomeNotice outcome={outcome} />
      <Field label="Status" htmlFor={id} error={outcome.fieldError}>
        <div className="flex gap-2">
          <NativeSelect
            id={id}
            name="status"
            defaultValue={status}
            className="min-w-0 flex-1"
            invalid={!!outcome.fieldError}
            aria-describedby={outcome.fieldError ? fieldErrorId(id) : undefined}
          >
            {TICKET_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABEL[value]}
              </option>
            ))}
          </NativeSelect>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save
          </Button>
        </div>
      </Field>
    </form>
  );
}
