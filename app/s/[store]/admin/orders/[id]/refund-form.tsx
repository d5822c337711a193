"use client";
import { Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/app/components/ui/dialog";
import { Field, fieldErrorId, fieldHintId } from "@/app/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/app/components/ui/input";
import { useToast } from "@/app/components/ui/toast";
import { formatAmountInput, formatMoney, parseMoney } from "@/lib/money";
import { refundOrderAction } from "./actions";

/**
 * "Refund" on the order page: full by default (what remains), or any smaller amount.
 * `idempotencyKey` comes fresh with each render of the page, so submitting this form twice
 * makes one refund, while a new attempt after the page refreshed is a new request.
 */
export function RefundForm({
  orderId,
  currency,
  remaining,
  idempotencyKey,
  reasons,
}: {
  orderId: string;
  currency: string;
  remaining: number;
  idempotencyKey: string;
  /** Stripe's reason codes with their labels; the first is the default. */
  reasons: [code: string, label: string][];
}) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [amountText, setAmountText] = useState(formatAmountInput(remaining, currency));
  const typed = parseMoney(amountText, currency);
  const error = (name: string) => fieldErrors[name];

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setAmountText(formatAmountInput(remaining, currency));
        setFieldErrors({});
        setFormError(undefined);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">
          <Undo2 aria-hidden />
          Refund
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Refund this order"
        description={`Up to ${formatMoney(remaining, currency)} can be refunded. Stripe returns the money to the buyer's card; the order changes once Stripe confirms. A full refund revokes the downloads.`}
      >
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            if (!typed.ok) return setFieldErrors({ amount: typed.message });
            startTransition(async () => {
              const result = await refundOrderAction({
                orderId,
                idempotencyKey,
                amount: typed.amount,
                reason: data.get("reason"),
                note: data.get("note"),
              });
              if (!result.ok) {
                setFieldErrors(result.fieldErrors);
                setFormError(result.formError);
                // A failed attempt was recorded; the refreshed page brings a key for the next one.
                router.refresh();
                return;
              }
              setOpen(false);
              toast({
                title: result.data.repeated ? "Refund already requested" : "Refund requested",
                description: `${formatMoney(result.data.amount, currency)}: the order changes when Stripe confirms the refund.`,
                variant: "success",
              });
              router.refresh();
            });
          }}
        >
          {formError && !Object.values(fieldErrors).includes(formError) && <Alert tone="danger">{formError}</Alert>}
          <Field
            label={`Amount (${currency.toUpperCase()})`}
            htmlFor="refund-amount"
            error={error("amount")}
            hint={`What remains: ${formatMoney(remaining, currency)}.`}
          >
            <Input
              id="refund-amount"
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              invalid={!!error("amount")}
              aria-describedby={error("amount") ? fieldErrorId("refund-amount") : fieldHintId("refund-amount")}
            />
          </Field>
          <Field label="Reason" htmlFor="refund-reason" error={error("reason")}>
            <NativeSelect
              id="refund-reason"
              name="reason"
              defaultValue={reasons[0]?.[0]}
              className="w-full"
              invalid={!!error("reason")}
              aria-describedby={error("reason") ? fieldErrorId("refund-reason") : undefined}
            >
              {reasons.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label="Note (optional)"
            htmlFor="refund-note"
            error={error("note")}
            hint="Kept with the order and sent to Stripe."
          >
            <Textarea
              id="refund-note"
              name="note"
              maxLength={500}
              invalid={!!error("note")}
              aria-describedby={error("note") ? fieldErrorId("refund-note") : fieldHintId("refund-note")}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Asking Stripe…" : typed.ok ? `Refund ${formatMoney(typed.amount, currency)}` : "Refund"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
