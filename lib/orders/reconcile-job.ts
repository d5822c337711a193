import "server-only";
import { eq } from "drizzle-orm";
import { stores, storeStripeSettings } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { reconcileStore } from "./reconcile";

const EVERY_MS = 15 * 60 * 1000;
const state = globalThis as unknown as { __storehostReconcile?: NodeJS.Timeout };

/** Every 15 minutes, reconciles each active store that has Stripe keys, one at a time (platform work). */
export function startReconciliationJob(): void {
  if (state.__storehostReconcile) return;
  state.__storehostReconcile = setInterval(() => void asPlatform(reconcileAll), EVERY_MS);
  state.__storehostReconcile.unref();
}

async function reconcileAll(): Promise<void> {
  const db = await getDb();
  const rows = await db
    .select({ store: stores })
    .from(stores)
    // Suspended stores too: a paid buyer never loses a purchase over a store's standing.
    .innerJoin(storeStripeSettings, eq(storeStripeSettings.storeId, stores.id));
  for (const { store } of rows) {
    try {
      const report = await reconcileStore(store, { sinceHours: 24 });
      if (report.repaired.length > 0)
        log.warn({ storeId: store.id, repaired: report.repaired }, "reconciliation repaired orders");
    } catch (error) {
      log.error({ err: error, storeId: store.id }, "reconciliation failed");
    }
  }
}
