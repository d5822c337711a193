"use client";
import { CreditCard, Inbox, Mail, ScrollText, Store } from "lucide-react";
import { usePathname } from "next/navigation";
import { SectionNav } from "@/app/components/ui/section-nav";

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

/** The staff console's sections, the current one marked. */
export function StaffNav() {
  return <SectionNav label="Staff console" items={NAV} active={staffSection(usePathname())} />;
}
