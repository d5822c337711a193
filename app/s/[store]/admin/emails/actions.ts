"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { retryEmailNow } from "@/lib/email/outbox";
import { kickOutbox } from "@/lib/email/worker";

export const sendNowAction = storeAdminAction(z.object({ emailId: z.uuid() }), async ({ emailId }, { store }) => {
  const queued = await retryEmailNow(store.id, emailId);
  kickOutbox();
  revalidatePath("/admin/emails");
  return queued;
});
