"use client";
import { Ban, RotateCcw, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/app/components/ui/button";
import { resetGrantAction, restoreGrantAction, revokeGrantAction } from "./actions";

type Change = "revoke" | "restore" | "reset";

const ACTIONS = { revoke: revokeGrantAction, restore: restoreGrantAction, reset: resetGrantAction };
const DONE: Record<Change, [changed: string, unchanged: string]> = {
  revoke: ["Revoked: the link no longer works.", "Already revoked."],
  restore: ["Restored: the link works again.", "Already active."],
  reset: ["Download count reset to 0.", "Nothing to reset."],
};

/** Revoke, Restore and Reset for one download link of an order. */
export function GrantActions({
  orderId,
  grantId,
  revoked,
  canRestore,
  downloadCount,
}: {
  orderId: string;
  grantId: string;
  revoked: boolean;
  /** False once the order is refunded in full: its revocation stands. */
  canRestore: boolean;
  downloadCount: number;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const run = (change: Change) =>
    startTransition(async () => {
      const result = await ACTIONS[change]({ orderId, grantId });
      setMessage(result.ok ? DONE[change][result.data.changed ? 0 : 1] : result.formError);
      router.refresh();
    });
  return (
    <div className="grid justify-items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        {revoked ? (
          canRestore && (
            <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => run("restore")}>
              <Undo2 aria-hidden />
              Restore
            </Button>
          )
        ) : (
          <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => run("revoke")}>
            <Ban aria-hidden />
            Revoke
          </Button>
        )}
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={pending || downloadCount === 0}
          onClick={() => run("reset")}
        >
          <RotateCcw aria-hidden />
          Reset count
        </Button>
      </div>
      {message && (
        <span className="max-w-56 text-right text-xs text-gray-600" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
