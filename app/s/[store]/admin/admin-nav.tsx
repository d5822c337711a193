"use client";
import {
  ExternalLink,
  LayoutDashboard,
  LifeBuoy,
  Mail,
  Package,
  Receipt,
  Settings,
  Store,
  Users,
  Webhook,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/components/ui/cn";
import { SECTION_NAV_ITEM, SectionNav } from "@/app/components/ui/section-nav";

const NAV = [
  { href: "/admin", label: "Overview", icon: LayoutDashboard },
  { href: "/admin/products", label: "Products", icon: Package },
  { href: "/admin/orders", label: "Orders", icon: Receipt },
  { href: "/admin/customers", label: "Customers", icon: Users },
  { href: "/admin/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/admin/emails", label: "Email log", icon: Mail },
  { href: "/admin/settings", label: "Dashboard Settings", icon: Settings },
  { href: "/admin/settings/store", label: "Store settings", icon: Store },
  { href: "/admin/help", label: "Help", icon: LifeBuoy },
];

/** The section a path is in: the longest link it starts with (Store settings sits under Dashboard Settings). */
function currentSection(path: string): string | undefined {
  return NAV.map((item) => item.href)
    .filter((href) => (href === "/admin" ? path === href : path === href || path.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

/** The admin's sections, the current one marked, and a link out to the storefront. */
export function AdminNav() {
  // Middleware rewrites /admin/… to /s/<store>/admin/…; either spelling names the same section.
  const path = usePathname().replace(/^\/s\/[^/]+(?=\/admin)/, "");
  return (
    <SectionNav label="Admin" items={NAV} active={currentSection(path)}>
      <li className="ml-auto">
        <Link href="/" className={cn(SECTION_NAV_ITEM, "border-transparent text-gray-600 hover:text-gray-900")}>
          Storefront
          <ExternalLink aria-hidden />
        </Link>
      </li>
    </SectionNav>
  );
}
