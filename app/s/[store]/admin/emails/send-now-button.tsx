"use client";
import { Send } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { sendNowAction } from "./actions";

const OUTCOME: Record<string, string> = {
  sent: "Sent.",
  held: "Held: save a Resend API key and From address in Dashboard Settings.",
  pending: "Not sent yet; it will be retried.",
};

export function SendNowButton({ emailId }: { emailId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  return (
    <div className="grid justify-items-end gap-1">
      <Button
        type="button"
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await sendNowAction({ emailId });
            setMessage(
              result.ok
                ? (OUTCOME[result.data.status] ?? result.data.status)
                : (result.formError ?? "Could not send the mail."),
            );
          })
        }
      >
        <Send aria-hidden />
        {pending ? "Sending…" : "Send now"}
      </Button>
      {message && (
        <span className="max-w-48 text-right text-xs text-gray-600" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
