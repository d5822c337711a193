import "server-only";
import type Stripe from "stripe";
import { log } from "@/lib/log";
import { upsertPrice } from "./mirror";
import { requirePlatformBilling } from "./platform-stripe";

/**
 * The hosting plans, defined here and nowhere else. `npm run billing:sync-plans` makes the
 * platform's Stripe account match: one Product per plan and one Price per interval, found
 * again by their lookup keys, so running it twice changes nothing. A changed amount gets a
 * new Price that takes the lookup key over (Stripe prices cannot change their amount);
 * existing subscriptions keep the price they have.
 */
export const PLANS = [
  {
    key: "starter",
    name: "Starter",
    description: "One store, unlimited products and downloads.",
    prices: { month: 900, year: 9000 },
  },
  {
    key: "pro",
    name: "Pro",
    description: "Everything in Starter, with priority support.",
    prices: { month: 2900, year: 29000 },
  },
] as const;

export type PlanKey = (typeof PLANS)[number]["key"];
export type PlanInterval = "month" | "year";
export const PLAN_CURRENCY = "usd";
/** New stores may sell for this long before choosing a plan. */
export const TRIAL_DAYS = 14;

export const lookupKeyOf = (plan: PlanKey, interval: PlanInterval) => `storehost_${plan}_${interval}`;

/** The plan and interval a lookup key names, or null for a price that is not one of ours. */
export function planOfLookupKey(
  lookupKey: string | null | undefined,
): { plan: (typeof PLANS)[number]; interval: PlanInterval } | null {
  const match = lookupKey?.match(/^storehost_([a-z]+)_(month|year)$/);
  const plan = PLANS.find((p) => p.key === match?.[1]);
  return plan && match ? { plan, interval: match[2] as PlanInterval } : null;
}

export type SyncPlansReport = { created: string[]; unchanged: string[]; replaced: string[] };

export async function syncPlans(): Promise<SyncPlansReport> {
  const { stripe } = requirePlatformBilling();
  const report: SyncPlansReport = { created: [], unchanged: [], replaced: [] };
  const lookupKeys = PLANS.flatMap((plan) => (["month", "year"] as const).map((i) => lookupKeyOf(plan.key, i)));
  const existing = await stripe.prices.list({ lookup_keys: lookupKeys, expand: ["data.product"], limit: 100 });
  for (const plan of PLANS) {
    const product = await planProduct(stripe, plan, existing.data);
    for (const interval of ["month", "year"] as const) {
      const lookupKey = lookupKeyOf(plan.key, interval);
      const amount = plan.prices[interval];
      const current = existing.data.find((p) => p.lookup_key === lookupKey);
      if (current && current.unit_amount === amount && current.active && current.recurring?.interval === interval) {
        await upsertPrice(current, product.name);
        report.unchanged.push(lookupKey);
        continue;
      }
      const price = await stripe.prices.create({
        product: product.id,
        currency: PLAN_CURRENCY,
        unit_amount: amount,
        recurring: { interval },
        lookup_key: lookupKey,
        transfer_lookup_key: true,
        metadata: { storehost_plan: plan.key },
      });
      await upsertPrice(price, product.name);
      if (current) {
        await stripe.prices.update(current.id, { active: false });
        report.replaced.push(lookupKey);
      } else {
        report.created.push(lookupKey);
      }
    }
  }
  log.info(report, "billing plans synced");
  return report;
}

/** The plan's Product: the one its prices already use, else one found by metadata, else a new one. */
async function planProduct(
  stripe: Stripe,
  plan: (typeof PLANS)[number],
  prices: Stripe.Price[],
): Promise<Stripe.Product> {
  const fromPrice = prices
    .map((p) => p.product)
    .find((p): p is Stripe.Product => typeof p === "object" && !p.deleted && p.metadata?.storehost_plan === plan.key);
  const product =
    fromPrice ??
    (await findProductByPlan(stripe, plan.key)) ??
    (await stripe.products.create(
      { name: plan.name, description: plan.description, metadata: { storehost_plan: plan.key } },
      { idempotencyKey: `storehost-plan-product-${plan.key}` },
    ));
  if (product.name !== plan.name || product.description !== plan.description) {
    return stripe.products.update(product.id, { name: plan.name, description: plan.description });
  }
  return product;
}

async function findProductByPlan(stripe: Stripe, planKey: string): Promise<Stripe.Product | null> {
  for await (const product of stripe.products.list({ limit: 100, active: true })) {
    if (product.metadata?.storehost_plan === planKey) return product;
  }
  return null;
}
