import "server-only";
import { desc, gt } from "drizzle-orm";
import { billingEvents, billingWebhookProblems } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { recordStaffAction } from "@/lib/staff/store-standing";
import type { User } from "@/db/schema";
import { syncBillingFromStripe, type SyncReport } from "./sync";

/** What the staff console shows of the billing webhook: its problems of the last two days and its latest events. */
export async function billingWebhookOverview(now = new Date()) {
  const db = await getDb();
  return asPlatform(async () => ({
    problems: await db
      .select()
      .from(billingWebhookProblems)
      .where(gt(billingWebhookProblems.lastSeenAt, new Date(now.getTime() - 48 * 60 * 60 * 1000)))
      .orderBy(desc(billingWebhookProblems.lastSeenAt))
      .limit(50),
    events: await db
      .select({
        stripeEventId: billingEvents.stripeEventId,
        type: billingEvents.type,
        status: billingEvents.status,
        summary: billingEvents.summary,
        processedAt: billingEvents.processedAt,
      })
      .from(billingEvents)
      .orderBy(desc(billingEvents.processedAt))
      .limit(50),
  }));
}

/** The staff button: Sync from Stripe, recorded in the audit log. */
export async function syncBillingAsStaff(staff: Pick<User, "id" | "email">): Promise<SyncReport> {
  const report = await syncBillingFromStripe();
  const db = await getDb();
  await asPlatform(() =>
    db.transaction((tx) =>
      recordStaffAction(tx, staff, {
        action: "billing.sync",
        detail: `Synced from Stripe: ${report.customers} customers, ${report.subscriptions} subscriptions, ${report.invoices} invoices, ${report.paymentIntents} payments`,
      }),
    ),
  );
  return report;
}
