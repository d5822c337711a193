"use server";
import { z } from "zod";
import { staffAction } from "@/lib/actions";
import { syncBillingAsStaff } from "@/lib/billing/staff-billing";

/** Sync from Stripe: repairs the billing mirror from the platform account. */
export const syncBillingAction = staffAction(z.object({}), async (_input, staff) => {
  const report = await syncBillingAsStaff(staff);
  return {
    message: `Synced: ${report.customers} customers, ${report.subscriptions} subscriptions, ${report.invoices} invoices, ${report.paymentIntents} payments.`,
  };
});
