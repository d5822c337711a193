// tsx scripts/billing-dev-account.ts — for the Playwright run: the sandbox's "Platform"
// account (created once into DATA_DIR, like the demo's) with the plans synced, written as
// PLATFORM_STRIPE_*=… lines to DATA_DIR/platform-billing.env for the shell that starts the
// server to load.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { seedPlatformBillingAccount } from "@/db/seed-platform-billing";
import { syncPlans } from "@/lib/billing/plans";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";

const sandboxUrl = env.STRIPE_SANDBOX_URL;
if (!sandboxUrl) throw new Error("STRIPE_SANDBOX_URL must point at the Stripe sandbox");
await waitForSandbox(sandboxUrl);
const keys = await seedPlatformBillingAccount({
  sandboxUrl,
  dataDir: env.DATA_DIR,
  platformOrigin: `${env.APP_PROTOCOL}://${env.ROOT_DOMAIN}`,
});
Object.assign(env, keys);
await syncPlans();
await closeDb();
const file = path.join(env.DATA_DIR, "platform-billing.env");
writeFileSync(
  file,
  Object.entries(keys)
    .map(([name, value]) => `${name}=${value}\n`)
    .join(""),
  { mode: 0o600 },
);
console.log(`Platform billing keys written to ${file}.`);

/** The sandbox may still be starting next to us. */
async function waitForSandbox(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${url}/_sandbox/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the Stripe sandbox did not answer at ${url}`);
}
