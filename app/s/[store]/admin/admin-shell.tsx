import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/components/sign-out-button";
import { Alert } from "@/app/components/ui/alert";
import { PageMain } from "@/app/components/ui/page-main";
import type { StoreAccess } from "@/lib/auth/store-access";
import { HOLD_REASON_TEXT, storeBillingStanding, type HoldReason } from "@/lib/billing/standing";
import { platformUrl } from "@/lib/tenancy/stores";
import { REFUSALS } from "@/lib/webhooks/refusal-codes";
import { refusalAlarm } from "@/lib/webhooks/refusals";
import { AdminAccountMenu } from "./admin-account-menu";
import { AdminNav } from "./admin-nav";

/**
 * The admin frame: store name, navigation, the signed-in member, a banner while Stripe's
 * webhook deliveries are being refused for a reason the owner can fix (see `refusalAlarm`),
 * one while the owner has paused the storefront, and billing's: a payment past due (with
 * the day the storefront will be suspended) and a suspension for billing.
 * Pages check access themselves before rendering it.
 */
export async function AdminShell({ access, children }: { access: StoreAccess; children: ReactNode }) {
  const [alarm, billing] = await Promise.all([refusalAlarm(access.store.id), storeBillingStanding(access.store)]);
  const billingHref = platformUrl(`/billing/${access.store.id}`);
  const hold = access.store.billingHoldReason as HoldReason | null;
  return (
    <>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <Link href="/admin" className="flex min-w-0 items-baseline gap-1.5 font-semibold text-gray-900">
            <span className="truncate">{access.store.name}</span>
            <span className="shrink-0 text-sm font-normal text-gray-500">· Admin</span>
          </Link>
          <div className="hidden shrink-0 items-center gap-3 md:flex">
            <span className="text-sm text-gray-600">
              {access.user.email} ({access.role})
            </span>
            <SignOutButton redirectTo="/admin/sign-in" size="sm" />
          </div>
          {/* On phones the account lives here alone; everywhere it also holds "Sign out of all devices". */}
          <AdminAccountMenu email={access.user.email} role={access.role} />
        </div>
        <AdminNav />
      </header>
      {alarm && (
        <Alert tone="danger" banner data-testid="webhook-refusal-banner" data-code={alarm.code}>
          <strong>Stripe&apos;s webhook deliveries are being refused</strong> ({alarm.count} recently):{" "}
          {REFUSALS[alarm.code].explanation} Orders for these payments are not being created.{" "}
          <Link href="/admin/webhooks#refused">See deliveries</Link>
        </Alert>
      )}
      {access.store.status === "suspended" && (
        <Alert tone="danger" banner data-testid="store-suspended-banner">
          <strong>Your store is suspended by the platform</strong>
          {access.store.suspensionReason ? `: ${access.store.suspensionReason}` : ""}. Shoppers see it as temporarily
          unavailable; buyers&apos; orders, downloads and Stripe&apos;s webhook keep working. Write to us from Help to
          sort it out.
        </Alert>
      )}
      {access.store.billingHoldSince && hold && (
        <Alert tone="danger" banner data-testid="billing-hold-banner">
          <strong>Your storefront is suspended for billing</strong>: {HOLD_REASON_TEXT[hold] ?? ""} Buyers&apos; orders,
          downloads and Stripe&apos;s webhook keep working. <a href={billingHref}>Open billing</a>
        </Alert>
      )}
      {billing.kind === "past_due" && (
        <Alert tone="warning" banner data-testid="billing-past-due-banner">
          <strong>Your hosting payment failed</strong>: update your card or pay the invoice before{" "}
          {billing.suspendsAt.toISOString().slice(0, 10)}, or the storefront is suspended then.{" "}
          <a href={billingHref}>Open billing</a>
        </Alert>
      )}
      {access.store.pausedAt && (
        <Alert tone="warning" banner role="status" data-testid="storefront-paused-banner">
          <strong>Storefront paused</strong>: shoppers see your message instead of your products, and nothing can be
          bought. Buyers&apos; orders and downloads keep working.{" "}
          <Link href="/admin/settings/store#pause">Resume selling</Link>
        </Alert>
      )}
      <PageMain>{children}</PageMain>
    </>
  );
}
