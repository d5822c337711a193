"use client";
import { useTransition } from "react";
import { sendNowAction } from "./actions";

export function SendNowButton({ emailId }: { emailId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button type="button" className="secondary" disabled={pending} onClick={() => startTransition(async () => void (await sendNowAction({ emailId })))}>
      Send now
    </button>
  );
}
