"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ReconcileReport } from "@/lib/orders/reconcile";
import { reconcileAction } from "./actions";

export function ReconcileButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [report, setReport] = useState<ReconcileReport>();
  const [error, setError] = useState<string>();
  return (
    <div>
      <button type="button" className="secondary" disabled={pending} onClick={() => startTransition(async () => {
        const result = await reconcileAction({});
        if (!result.ok) return setError(result.formError ?? "Reconciliation failed.");
        setError(undefined);
        setReport(result.data);
        router.refresh();
      })}>
        {pending ? "Checking Stripe…" : "Reconcile with Stripe"}
      </button>
      {error && <p className="alert error">{error}</p>}
      {report && (
        <div className="alert ok" role="status" data-testid="reconcile-report">
          Checked {report.checked} {report.mode} PaymentIntents; repaired {report.repaired.length} order(s).
          {report.repaired.length > 0 && (
            <ul>{report.repaired.map((r) => <li key={r.orderId}>Order {r.orderId.slice(0, 8)}: {r.from} → {r.to} ({r.what})</li>)}</ul>
          )}
          {report.problems.map((p) => <p key={p} className="field-error">{p}</p>)}
        </div>
      )}
    </div>
  );
}
