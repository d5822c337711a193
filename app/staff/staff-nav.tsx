"use client";
import { CreditCard, Inbox, Mail, ScrollText, Store } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/components/ui/cn";

const NAV = [
  { href: "/staff", label: "Tickets", icon: Inbox },
  { href: "/staff/stores", label: "Stores", icon: Store },
  { href: "/staff/billing", label: "Billing", icon: CreditCard },
  { href: "/staff/emails", label: "Platform email", icon: Mail },
  { href: "/staff/audit", label: "Audit log", icon: ScrollText },
];

/** The section a path is in; a ticket's page belongs to Tickets, whose link is the console's root. */
function staffSection(path: string): string | undefined {
  if (path === "/staff" || path.startsWith("/staff/tickets/")) return "/staff";
  return NAV.find((item) => item.href !== "/staff" && (path === item.href || path.startsWith(`${item.href}/`)))?.href;
}

const ITEM =
  "flex h-11 items-center gap-2 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors " +
  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600 [&_svg]:size-4 [&_svg]:shrink-0";

/** The staff console's sections as one row of links, the current one marked (aria-current). */
export function StaffNav() {
  const active = staffSection(usePathname());
  return (
    <nav aria-label="Staff console" className="mx-auto max-w-6xl px-2 sm:px-4">
      <ul className="flex overflow-x-auto [scrollbar-width:thin]">
        {NAV.map(({ href, label, icon: Icon }) => {
          const current = href === active;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  ITEM,
                  current
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900",
                )}
              >
                <Icon aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
