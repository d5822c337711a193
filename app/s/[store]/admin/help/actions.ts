"use server";
import { storeAdminAction } from "@/lib/actions";
import { newTicketInput, openTicket, ownerReplyInput, replyAsOwner } from "@/lib/support/tickets";

// No revalidatePath here: the forms navigate (a new ticket) or refresh (a reply) themselves.

/** Sends a support request with the store context the owner was shown (sealed by the page). */
export const openTicketAction = storeAdminAction(newTicketInput, (input, access) => openTicket(access, input));

/** Adds the owner's reply to one of the store's own tickets; staff are told. */
export const replyToTicketAction = storeAdminAction(ownerReplyInput, (input, access) => replyAsOwner(access, input));
