import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import type { OrderStatus, PaymentMode } from "@/db/schema";

export function ModeBadge({ mode }: { mode: PaymentMode }) {
  return <Badge tone={mode === "test" ? "warning" : "success"}>{mode === "test" ? "Test" : "Live"}</Badge>;
}

const TONE: Record<string, BadgeTone> = {
  failed: "danger",
  refused: "danger",
  canceled: "danger",
  refunded: "danger",
  paid: "success",
  processed: "success",
  sent: "success",
  pending: "warning",
  partially_refunded: "warning",
  held: "warning",
};

export function StatusBadge({ status }: { status: OrderStatus | string }) {
  return <Badge tone={TONE[status] ?? "neutral"}>{status.replace(/_/g, " ")}</Badge>;
}
