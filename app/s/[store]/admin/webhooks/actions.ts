"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { reconcilePayment } from "@/lib/orders/reconcile";
import { replayStoredEvent } from "@/lib/webhooks/replay";

export const replayEventAction = storeAdminAction(z.object({ eventId: z.uuid() }), async ({ eventId }, { store }) => {
  const result = await replayStoredEvent(store, eventId);
  revalidatePath("/admin/webhooks");
  return result;
});

/** "Reconcile" beside a payment that has no paid order: repairs that one order from Stripe. */
export const reconcilePaymentAction = storeAdminAction(
  z.object({ mode: z.enum(["test", "live"]), paymentIntentId: z.string().regex(/^pi_[A-Za-z0-9]{6,64}$/) }),
  async ({ mode, paymentIntentId }, { store }) => {
    const result = await reconcilePayment(store, mode, paymentIntentId);
    revalidatePath("/admin/webhooks");
    return result;
  },
);
