import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import type { BillingStanding } from "@/lib/billing/standing";

const LABEL: Record<BillingStanding["kind"], { text: string; tone: BadgeTone }> = {
  off: { text: "Billing off", tone: "neutral" },
  trial: { text: "Trial", tone: "info" },
  trial_ended: { text: "Trial ended · suspended", tone: "danger" },
  active: { text: "Active", tone: "success" },
  past_due: { text: "Past due", tone: "warning" },
  past_due_suspended: { text: "Past due · suspended", tone: "danger" },
  canceled: { text: "Canceled · suspended", tone: "danger" },
};

/** A store's billing standing in one word, for owners and staff alike. */
export function BillingStandingBadge({ kind }: { kind: BillingStanding["kind"] }) {
  const label = LABEL[kind];
  return <Badge tone={label.tone}>{label.text}</Badge>;
}
