"use server";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { resetGrantDownloads, restoreGrant, revokeGrant } from "@/lib/downloads/grants";
import { resendReceipt } from "@/lib/orders/fulfillment";
import { refundInput, requestRefund } from "@/lib/orders/refunds";

const grantInput = z.object({ orderId: z.uuid(), grantId: z.uuid() });

/** "Refund": asks Stripe for the refund; the order changes when Stripe's webhook confirms it. */
export const refundOrderAction = storeAdminAction(refundInput, (input, { store, user }) =>
  requestRefund(store, user.id, input),
);

/** "Resend receipt": the receipt again, with new download links (the old ones stop working). */
export const resendReceiptAction = storeAdminAction(z.object({ orderId: z.uuid() }), ({ orderId }, { store }) =>
  resendReceipt(store, orderId),
);

export const revokeGrantAction = storeAdminAction(grantInput, ({ orderId, grantId }, { store }) =>
  revokeGrant(store.id, orderId, grantId),
);

export const restoreGrantAction = storeAdminAction(grantInput, ({ orderId, grantId }, { store }) =>
  restoreGrant(store.id, orderId, grantId),
);

export const resetGrantAction = storeAdminAction(grantInput, ({ orderId, grantId }, { store }) =>
  resetGrantDownloads(store.id, orderId, grantId),
);
