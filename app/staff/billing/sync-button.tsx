"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { syncBillingAction } from "./actions";

/** Sync from Stripe, with its report or its refusal. */
export function SyncBillingButton({ disabled }: { disabled: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<{ tone: "success" | "danger"; text: string }>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-2">
      <div>
        <Button
          type="button"
          variant="secondary"
          disabled={disabled || pending}
          onClick={() =>
            startTransition(async () => {
              const outcome = await syncBillingAction({});
              setResult(
                outcome.ok
                  ? { tone: "success", text: outcome.data.message }
                  : { tone: "danger", text: outcome.formError ?? "That did not work." },
              );
              router.refresh();
            })
          }
        >
          {pending ? "Syncing…" : "Sync from Stripe"}
        </Button>
      </div>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </div>
  );
}
