"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/app/components/ui/dialog";
import { Field } from "@/app/components/ui/field";
import { Textarea } from "@/app/components/ui/input";
import { reactivateStoreAction, suspendStoreAction } from "./actions";

/** Suspend or Reactivate one store, with the reason the audit log and the owner get. */
export function StandingButton({
  storeId,
  subdomain,
  suspended,
}: {
  storeId: string;
  subdomain: string;
  suspended: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const verb = suspended ? "Reactivate" : "Suspend";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant={suspended ? "secondary" : "danger"}>
          {verb}…
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`${verb} ${subdomain}?`}
        description={
          suspended
            ? "The storefront sells again."
            : "Shoppers see the store as temporarily unavailable and cannot buy. Buyers' orders, downloads and Stripe's webhook keep working."
        }
      >
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
            startTransition(async () => {
              const action = suspended ? reactivateStoreAction : suspendStoreAction;
              const result = await action({ storeId, reason });
              if (!result.ok) return setError(result.fieldErrors.reason ?? result.formError ?? "That did not work.");
              setError(undefined);
              setOpen(false);
              router.refresh();
            });
          }}
        >
          <Field label="Reason (recorded in the audit log; the owner sees it)" htmlFor={`reason-${storeId}`}>
            <Textarea id={`reason-${storeId}`} name="reason" rows={3} maxLength={500} required />
          </Field>
          {error && <Alert tone="danger">{error}</Alert>}
          <div className="flex justify-end">
            <Button type="submit" variant={suspended ? "primary" : "danger"} disabled={pending}>
              {pending ? `${verb.replace(/e$/, "")}ing…` : verb}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
