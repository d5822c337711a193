// npm run billing:sync — Sync from Stripe: repairs the billing mirror from the platform
// account's customers, prices, subscriptions, invoices and payments (the staff console's
// button does the same).
import { platformBilling } from "@/lib/billing/platform-stripe";
import { syncBillingFromStripe } from "@/lib/billing/sync";
import { closeDb } from "@/lib/db";

const billing = platformBilling();
if (!billing.enabled) {
  console.error(billing.reason);
  process.exit(1);
}
try {
  const report = await syncBillingFromStripe();
  console.log(
    `Synced from Stripe: ${report.customers} customers, ${report.prices} prices, ${report.subscriptions} subscriptions, ${report.invoices} invoices, ${report.paymentIntents} payments.`,
  );
} finally {
  await closeDb();
}
