import "server-only";
import { isNotNull } from "drizzle-orm";
import { billingCustomers } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { upsertCustomer, upsertInvoice, upsertPrice, upsertSubscription, upsertTransaction } from "./mirror";
import { requirePlatformBilling } from "./platform-stripe";
import { applyBillingHold } from "./standing";

export type SyncReport = {
  customers: number;
  prices: number;
  subscriptions: number;
  invoices: number;
  paymentIntents: number;
};

/**
 * Sync from Stripe: lists the platform account's objects and writes each into the mirror,
 * repairing whatever webhooks missed, then re-applies every linked store's billing hold.
 * Safe to run any time. A listing read just before a concurrent webhook's own read can land
 * after it with older state; the next event or sync for that object corrects it.
 */
export async function syncBillingFromStripe(now = new Date()): Promise<SyncReport> {
  const { stripe } = requirePlatformBilling();
  const db = await getDb();
  const report: SyncReport = { customers: 0, prices: 0, subscriptions: 0, invoices: 0, paymentIntents: 0 };
  await asPlatform(async () => {
    for await (const customer of stripe.customers.list({ limit: 100 })) {
      await upsertCustomer(db, customer);
      report.customers++;
    }
    for await (const price of stripe.prices.list({ limit: 100, expand: ["data.product"] })) {
      await upsertPrice(price, null, db);
      report.prices++;
    }
    for await (const subscription of stripe.subscriptions.list({ limit: 100, status: "all" })) {
      await upsertSubscription(db, subscription, now);
      report.subscriptions++;
    }
    for await (const invoice of stripe.invoices.list({ limit: 100 })) {
      await upsertInvoice(db, invoice, now);
      report.invoices++;
    }
    for await (const intent of stripe.paymentIntents.list({ limit: 100 })) {
      await upsertTransaction(db, intent, now);
      report.paymentIntents++;
    }
    const linked = await db
      .select({ storeId: billingCustomers.storeId })
      .from(billingCustomers)
      .where(isNotNull(billingCustomers.storeId));
    for (const { storeId } of linked) {
      if (storeId) await db.transaction((tx) => applyBillingHold(tx, storeId, now));
    }
  });
  log.info(report, "billing synced from Stripe");
  return report;
}
