import { Badge, type BadgeTone } from "@/app/components/ui/badge";
import { OWNER_STATUS_LABEL, type TicketStatusName } from "@/lib/support/ticket-fields";

/** The owner's turn stands out; waiting for support and solved do not ask anything of them. */
const TONE: Record<TicketStatusName, BadgeTone> = {
  open: "neutral",
  waiting_on_owner: "warning",
  solved: "success",
};

/** A ticket's status as the owner reads it: whose turn it is. */
export function TicketStatusBadge({ status }: { status: TicketStatusName }) {
  return <Badge tone={TONE[status]}>{OWNER_STATUS_LABEL[status]}</Badge>;
}
