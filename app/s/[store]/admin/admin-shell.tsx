import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/components/sign-out-button";
import { Alert } from "@/app/components/ui/alert";
import { PageMain } from "@/app/components/ui/page-main";
import type { StoreAccess } from "@/lib/auth/store-access";
import { recentRefusals } from "@/lib/webhooks/deliveries";
import { AdminAccountMenu } from "./admin-account-menu";
import { AdminNav } from "./admin-nav";

/**
 * The admin frame: store name, navigation, the signed-in member, and a banner while recent
 * webhook deliveries are being refused. Pages check access themselves before rendering it.
 */
export async function AdminShell({ access, children }: { access: StoreAccess; children: ReactNode }) {
  const refusals = await recentRefusals(access.store.id);
  const latest = refusals[0];
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
          <div className="md:hidden">
            <AdminAccountMenu email={access.user.email} role={access.role} />
          </div>
        </div>
        <AdminNav />
      </header>
      {latest && (
        <Alert tone="danger" banner data-testid="webhook-refusal-banner">
          <strong>Stripe&apos;s webhook deliveries are being refused</strong> ({refusals.length} recently):{" "}
          {latest.diagnosis} Orders for these payments are not being created.{" "}
          <Link href="/admin/webhooks">See deliveries</Link>
        </Alert>
      )}
      <PageMain>{children}</PageMain>
    </>
  );
}
