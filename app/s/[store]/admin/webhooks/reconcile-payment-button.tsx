"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { reconcilePaymentAction } from "./actions";

export function ReconcilePaymentButton({ mode, paymentIntentId }: { mode: "test" | "live"; paymentIntentId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  return (
    <div className="grid justify-items-start gap-1">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await reconcilePaymentAction({ mode, paymentIntentId });
            setOutcome(result.ok ? result.data : { ok: false, message: result.formError ?? "Reconcile failed." });
            if (result.ok && result.data.ok) router.refresh();
          })
        }
      >
        {pending ? "Reconciling…" : "Reconcile"}
      </Button>
      {outcome && (
        <p role="status" className={outcome.ok ? "text-success-700" : "text-danger-700"}>
          {outcome.message}
        </p>
      )}
    </div>
  );
}
