"use client";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import type { ReconcileReport } from "@/lib/orders/reconcile";
import { reconcileAction } from "./actions";

export function ReconcileButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [report, setReport] = useState<ReconcileReport>();
  const [error, setError] = useState<string>();
  return (
    <div className="grid justify-items-start gap-3 sm:justify-items-end">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await reconcileAction({});
            if (!result.ok) return setError(result.formError ?? "Reconciliation failed.");
            setError(undefined);
            setReport(result.data);
            router.refresh();
          })
        }
      >
        <RefreshCw aria-hidden className={pending ? "animate-spin" : undefined} />
        {pending ? "Checking Stripe…" : "Reconcile with Stripe"}
      </Button>
      {error && (
        <Alert tone="danger" className="w-full max-w-md">
          {error}
        </Alert>
      )}
      {report && (
        <Alert
          tone={report.problems.length > 0 ? "warning" : "success"}
          role="status"
          data-testid="reconcile-report"
          className="w-full max-w-md"
        >
          Checked {report.checked} {report.mode} PaymentIntents; repaired {report.repaired.length} order(s).
          {report.repaired.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {report.repaired.map((r) => (
                <li key={r.orderId}>
                  Order {r.orderId.slice(0, 8)}: {r.from} → {r.to} ({r.what})
                </li>
              ))}
            </ul>
          )}
          {report.problems.map((p) => (
            <p key={p} className="mt-1 font-medium text-danger-700">
              {p}
            </p>
          ))}
        </Alert>
      )}
    </div>
  );
}
