// npm run billing:sync-plans — makes the platform's Stripe account hold the plans of
// lib/billing/plans.ts (Products and Prices found again by lookup key; safe to re-run).
import { syncPlans } from "@/lib/billing/plans";
import { platformBilling } from "@/lib/billing/platform-stripe";
import { closeDb } from "@/lib/db";

const billing = platformBilling();
if (!billing.enabled) {
  console.error(billing.reason);
  process.exit(1);
}
try {
  const report = await syncPlans();
  console.log(
    `Plans synced: ${report.created.length} created, ${report.replaced.length} replaced, ${report.unchanged.length} unchanged.`,
  );
  for (const key of [...report.created, ...report.replaced]) console.log(`  ${key}`);
} finally {
  await closeDb();
}
