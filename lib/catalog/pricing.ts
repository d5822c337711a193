import type { Product } from "@/db/schema/catalog";
import { formatMoney, MAX_AMOUNT } from "@/lib/money";

export type PriceRule = Pick<Product, "priceAmount" | "payWhatYouWant" | "minimumAmount" | "currency">;

export type AcceptedAmount = { ok: true; amount: number } | { ok: false; message: string };

/**
 * The amount the server charges for one product. A fixed price is the product's price,
 * whatever the shopper sent. For pay-what-you-want the shopper's amount (else the
 * suggested price) must lie between the minimum and the most Stripe charges.
 */
export function acceptedAmount(product: PriceRule, requested?: number | null): AcceptedAmount {
  if (!product.payWhatYouWant) return { ok: true, amount: product.priceAmount };
  const amount = requested ?? product.priceAmount;
  const minimum = product.minimumAmount ?? product.priceAmount;
  if (!Number.isSafeInteger(amount) || amount < minimum) {
    return { ok: false, message: `Pay at least ${formatMoney(minimum, product.currency)} for this product.` };
  }
  if (amount > MAX_AMOUNT)
    return { ok: false, message: `The most you can pay is ${formatMoney(MAX_AMOUNT, product.currency)}.` };
  return { ok: true, amount };
}
