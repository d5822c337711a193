"use client";
import { Mail } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/app/components/ui/dialog";
import { useToast } from "@/app/components/ui/toast";
import { resendReceiptAction } from "./actions";

/** "Resend receipt", after a confirmation that says the links in earlier mails stop working. */
export function ResendReceiptButton({ orderId, email }: { orderId: string; email: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(undefined);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">
          <Mail aria-hidden />
          Resend receipt
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Send the receipt again?"
        description={`The receipt goes to ${email} again with new download links. The links in earlier receipts stop working; download counts, limits and expiry stay as they are.`}
      >
        {error && <Alert tone="danger">{error}</Alert>}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button type="button" variant="secondary">
              Cancel
            </Button>
          </DialogClose>
          <Button
            type="button"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await resendReceiptAction({ orderId });
                if (!result.ok) return setError(result.formError ?? "The receipt could not be queued.");
                setOpen(false);
                toast({
                  title: "Receipt queued",
                  description: `On its way to ${result.data.email} with ${result.data.links} new download link${result.data.links === 1 ? "" : "s"}; the old links no longer work.`,
                  variant: "success",
                });
                router.refresh();
              })
            }
          >
            {pending ? "Queueing…" : "Send receipt"}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
