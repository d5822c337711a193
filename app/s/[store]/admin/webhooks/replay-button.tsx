"use client";
import { useState, useTransition } from "react";
import { replayEventAction } from "./actions";

export function ReplayButton({ eventId }: { eventId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  return (
    <>
      <button type="button" className="secondary" disabled={pending} onClick={() => startTransition(async () => {
        const result = await replayEventAction({ eventId });
        setMessage(result.ok ? `Replayed: ${result.data.outcome}${result.data.note ? ` (${result.data.note})` : ""}` : result.formError);
      })}>
        Replay
      </button>
      {message && <span className="hint"> {message}</span>}
    </>
  );
}
