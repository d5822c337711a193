"use server";
import { staffAction } from "@/lib/actions";
import {
  addInternalNote,
  assignInput,
  assignTicket,
  internalNoteInput,
  replyAsStaff,
  setTicketStatus,
  staffReplyInput,
  statusInput,
} from "@/lib/support/staff-tickets";
import { STATUS_LABEL } from "@/lib/support/ticket-fields";

export const replyToTicketAction = staffAction(staffReplyInput, async (input, staff) => {
  await replyAsStaff(staff, input);
  return { message: `Reply sent: the owner is emailed, and the ticket is now ${STATUS_LABEL[input.status]}.` };
});

export const addInternalNoteAction = staffAction(internalNoteInput, async (input, staff) => {
  await addInternalNote(staff, input);
  return { message: "Internal note added. The owner does not see it." };
});

export const assignTicketAction = staffAction(assignInput, async (input, staff) => {
  await assignTicket(staff, input);
  return { message: input.assigneeId ? "Ticket assigned." : "Ticket unassigned." };
});

export const setTicketStatusAction = staffAction(statusInput, async (input, staff) => {
  await setTicketStatus(staff, input);
  return { message: `Status changed to ${STATUS_LABEL[input.status]}.` };
});
