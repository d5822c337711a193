"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { replayStoredEvent } from "@/lib/webhooks/replay";

export const replayEventAction = storeAdminAction(z.object({ eventId: z.uuid() }), async ({ eventId }, { store }) => {
  const result = await replayStoredEvent(store, eventId);
  revalidatePath("/admin/webhooks");
  return result;
});
