"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/app/components/ui/alert";
import { Button } from "@/app/components/ui/button";
import { choosePlanAction, manageBillingAction } from "./actions";

export type PlanChoice = { plan: "starter" | "pro"; interval: "month" | "year"; label: string; price: string };

/** One button per plan and interval; each opens Stripe Checkout for it. */
export function ChoosePlanButtons({ storeId, choices }: { storeId: string; choices: PlanChoice[] }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2">
        {choices.map((choice) => (
          <Button
            key={`${choice.plan}-${choice.interval}`}
            type="button"
            variant={choice.plan === "pro" ? "primary" : "secondary"}
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await choosePlanAction({ storeId, plan: choice.plan, interval: choice.interval });
                if (!result.ok) return setError(result.formError ?? "That did not work. Try again.");
                window.location.assign(result.data.url);
              })
            }
          >
            Choose {choice.label} · {choice.price}
          </Button>
        ))}
      </div>
      {error && <Alert tone="danger">{error}</Alert>}
    </div>
  );
}

/** Opens the Stripe Customer Portal: card, plan change, cancel, invoices. */
export function ManageBillingButton({ storeId }: { storeId: string }) {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-2">
      <div>
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await manageBillingAction({ storeId });
              if (!result.ok) return setError(result.formError ?? "That did not work. Try again.");
              window.location.assign(result.data.url);
            })
          }
        >
          Manage billing
        </Button>
      </div>
      {error && <Alert tone="danger">{error}</Alert>}
    </div>
  );
}

/**
 * Back from Checkout before Stripe's webhook arrived: the page reads only our mirror, so
 * it looks again every two seconds for half a minute instead of asking the owner to reload.
 */
export function AwaitWebhookRefresh() {
  const router = useRouter();
  useEffect(() => {
    let tries = 0;
    const timer = setInterval(() => {
      tries += 1;
      if (tries > 15) clearInterval(timer);
      else router.refresh();
    }, 2000);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
