import { Badge } from "@/app/components/ui/badge";
import type { ProductStatus } from "@/db/schema";

const LOOK: Record<ProductStatus, { label: string; tone: "neutral" | "success" | "warning" }> = {
  draft: { label: "Draft", tone: "neutral" },
  published: { label: "Published", tone: "success" },
  archived: { label: "Archived", tone: "warning" },
};

export function StatusBadge({ status }: { status: ProductStatus }) {
  return <Badge tone={LOOK[status].tone}>{LOOK[status].label}</Badge>;
}
