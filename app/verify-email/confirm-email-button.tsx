"use client";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { confirmEmail } from "./actions";

/**
 * A button, not the page load, uses the link: mail scanners that fetch every link in a
 * mail must not spend it (or sign in) before the owner clicks.
 */
export function ConfirmEmailButton({ token }: { token: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-4">
      {error && <Alert tone="danger">{error}</Alert>}
      <Button
        type="button"
        disabled={pending}
        className="w-full"
        onClick={() =>
          startTransition(async () => {
            const result = await confirmEmail({ token });
            if (result.ok) {
              window.location.assign(result.data.redirectTo);
              return;
            }
            setError(result.formError ?? "This link can't be used.");
          })
        }
      >
        {pending ? "Confirming…" : "Confirm my email and open my store"}
      </Button>
    </div>
  );
}
