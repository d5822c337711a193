import { z } from "zod";

/*
 * The support form's vocabulary and limits, shared by the owner's form, the staff console
 * and the server's validation (no server-only imports: client components read it too).
 */

export const TICKET_CATEGORIES = ["payments", "downloads", "email", "billing", "other"] as const;
export type TicketCategoryName = (typeof TICKET_CATEGORIES)[number];

export const CATEGORY_LABEL: Record<TicketCategoryName, string> = {
  payments: "Payments and webhooks",
  downloads: "Downloads",
  email: "Email",
  billing: "Billing",
  other: "Other",
};

export const TICKET_STATUSES = ["open", "waiting_on_owner", "solved"] as const;
export type TicketStatusName = (typeof TICKET_STATUSES)[number];

/** As staff read the status. */
export const STATUS_LABEL: Record<TicketStatusName, string> = {
  open: "Open",
  waiting_on_owner: "Waiting on owner",
  solved: "Solved",
};

/** As the owner reads the same status: whose turn it is. */
export const OWNER_STATUS_LABEL: Record<TicketStatusName, string> = {
  open: "Waiting for support",
  waiting_on_owner: "Support replied",
  solved: "Solved",
};

export const SUBJECT_MAX = 150;
export const MESSAGE_MAX = 5000;
export const ATTACHMENTS_MAX = 5;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** What an attachment may be, judged from its bytes: screenshots and PDFs. */
export const ATTACHMENT_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"] as const;
export const ATTACHMENT_ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.pdf";

export const messageBody = z
  .string()
  .trim()
  .min(1, "Write a message.")
  .max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX.toLocaleString("en-US")} characters.`);

export const attachmentIds = z
  .array(z.uuid())
  .max(ATTACHMENTS_MAX, `Attach at most ${ATTACHMENTS_MAX} files.`)
  .default([]);
