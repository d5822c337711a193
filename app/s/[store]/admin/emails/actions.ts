"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { getEmail, processDueEmails, retryEmailNow } from "@/lib/email/outbox";
import { AppError } from "@/lib/errors";

/** "Send now" in the email log: makes the mail due and runs the store's queue right away. */
export const sendNowAction = storeAdminAction(z.object({ emailId: z.uuid() }), async ({ emailId }, { store }) => {
  if (!(await retryEmailNow(store.id, emailId))) {
    throw new AppError("email_not_waiting", "That mail was already sent, or it is not in this store's log.", 409);
  }
  await processDueEmails({ storeId: store.id });
  revalidatePath("/admin/emails");
  const mail = await getEmail(store.id, emailId);
  return { status: mail?.status ?? "pending", lastError: mail?.lastError ?? null };
});
