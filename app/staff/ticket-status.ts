import type { BadgeTone } from "@/app/components/ui/badge";
import type { TicketStatusName } from "@/lib/support/ticket-fields";

/** A status badge's colour: staff's turn stands out, the owner's turn is calm, solved is done. */
export const STATUS_TONE: Record<TicketStatusName, BadgeTone> = {
  open: "warning",
  waiting_on_owner: "info",
  solved: "success",
};
