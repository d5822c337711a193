"use client";
import { RotateCcw } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { replayEventAction } from "./actions";

export function ReplayButton({ eventId }: { eventId: string }) {
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
            const result = await replayEventAction({ eventId });
            setMessage(
              result.ok
                ? `Replayed: ${result.data.outcome}${result.data.note ? ` (${result.data.note})` : ""}`
                : result.formError,
            );
          })
        }
      >
        <RotateCcw aria-hidden />
        Replay
      </Button>
      {message && (
        <span className="max-w-48 text-right text-xs text-gray-600" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
