import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { storeMemberships, stores, users } from "@/db/schema";
import type { Executor } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { BillingEmail } from "@/lib/email/templates/billing-email";
import { renderEmail } from "@/lib/email/templates/render-email";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { platformUrl } from "@/lib/tenancy/stores";

export const PAYMENT_FAILED_MAIL_KIND = "billing_payment_failed";

/**
 * Tells the store's owner a hosting payment failed and how long the store keeps selling.
 * Platform mail, queued on the webhook's transaction, once per invoice and attempt.
 */
export async function queuePaymentFailedMail(
  executor: Executor,
  args: { storeId: string; invoice: Stripe.Invoice; now: Date },
): Promise<void> {
  const [owner] = await executor
    .select({ email: users.email, storeName: stores.name, subdomain: stores.subdomain })
    .from(storeMemberships)
    .innerJoin(users, eq(users.id, storeMemberships.userId))
    .innerJoin(stores, eq(stores.id, storeMemberships.storeId))
    .where(and(eq(storeMemberships.storeId, args.storeId), eq(storeMemberships.role, "owner")))
    .limit(1);
  if (!owner) return;
  const amount = formatMoney(args.invoice.amount_due, args.invoice.currency);
  const rendered = await renderEmail(
    BillingEmail({
      heading: "Your hosting payment failed",
      paragraphs: [
        `We could not charge ${amount} for hosting ${owner.storeName} (${owner.subdomain}). Stripe will try the card again.`,
        `Your store keeps selling for ${env.BILLING_GRACE_DAYS} days from the first failure. If the invoice is still unpaid then, the storefront is suspended until it is paid; buyers' orders and downloads keep working.`,
        "Update your card or pay the invoice from the billing page.",
      ],
      link: { url: platformUrl(`/billing/${args.storeId}`), label: "Open billing" },
    }),
  );
  await enqueueEmail(executor, {
    storeId: null,
    kind: PAYMENT_FAILED_MAIL_KIND,
    to: owner.email,
    subject: `Payment failed: hosting for ${owner.storeName}`,
    ...rendered,
    dedupeKey: `${PAYMENT_FAILED_MAIL_KIND}:${args.invoice.id}:${args.invoice.attempt_count}`,
  });
}
