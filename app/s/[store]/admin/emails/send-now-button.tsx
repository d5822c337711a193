"use client";
import { useState, useTransition } from "react";
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
    <>
      <button type="button" className="secondary" disabled={pending} onClick={() => startTransition(async () => {
        const result = await sendNowAction({ emailId });
        setMessage(result.ok ? (OUTCOME[result.data.status] ?? result.data.status) : result.formError ?? "Could not send the mail.");
      })}>
        {pending ? "Sending…" : "Send now"}
      </button>
      {message && <span className="hint" role="status"> {message}</span>}
    </>
  );
}
