import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/components/sign-out-button";
import { PageMain } from "@/app/components/ui/page-main";
import type { User } from "@/db/schema";
import { StaffNav } from "./staff-nav";

/**
 * The staff console's frame: its name, the signed-in staff member with Sign out, and the
 * sections. Pages call requireStaff themselves before rendering it.
 */
export function StaffShell({ staff, children }: { staff: Pick<User, "email">; children: ReactNode }) {
  return (
    <>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <Link href="/staff" className="flex min-w-0 items-baseline gap-1.5 font-semibold text-gray-900">
            <span className="truncate">Storehost</span>
            <span className="shrink-0 text-sm font-normal text-gray-500">· Staff console</span>
          </Link>
          <div className="flex min-w-0 items-center gap-3">
            <span className="max-w-40 truncate text-sm text-gray-600 sm:max-w-none" data-testid="staff-email">
              {staff.email}
            </span>
            <SignOutButton redirectTo="/" size="sm" />
          </div>
        </div>
        <StaffNav />
      </header>
      <PageMain>{children}</PageMain>
    </>
  );
}
