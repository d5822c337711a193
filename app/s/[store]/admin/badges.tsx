import type { OrderStatus, PaymentMode } from "@/db/schema";

export function ModeBadge({ mode }: { mode: PaymentMode }) {
  return <span className={`badge ${mode}`}>{mode === "test" ? "Test" : "Live"}</span>;
}

const BAD: readonly string[] = ["failed", "refused", "canceled", "refunded"];

export function StatusBadge({ status }: { status: OrderStatus | string }) {
  return <span className={`badge${BAD.includes(status) ? " bad" : ""}`}>{status.replace(/_/g, " ")}</span>;
}
