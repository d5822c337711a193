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
import { useEffect, useRef } from "react";
import { cn } from "@/app/components/ui/cn";

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

const ITEM =
  "flex h-11 items-center gap-2 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors " +
  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600 [&_svg]:size-4 [&_svg]:shrink-0";

/**
 * The admin's sections as one row of links that scrolls sideways on narrow screens, with the
 * current section marked (aria-current) and scrolled into view.
 */
export function AdminNav() {
  // Middleware rewrites /admin/… to /s/<store>/admin/…; either spelling names the same section.
  const path = usePathname().replace(/^\/s\/[^/]+(?=\/admin)/, "");
  const active = currentSection(path);
  const currentRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // A block body on purpose: newer browsers return a Promise from scrollIntoView, and an
    // effect must return nothing but a cleanup function.
    currentRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [path]);
  return (
    <nav aria-label="Admin" className="mx-auto max-w-6xl px-2 sm:px-4">
      <ul className="flex overflow-x-auto [scrollbar-width:thin]">
        {NAV.map(({ href, label, icon: Icon }) => {
          const current = href === active;
          return (
            <li key={href}>
              <Link
                href={href}
                ref={current ? currentRef : undefined}
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
        <li className="ml-auto">
          <Link href="/" className={cn(ITEM, "border-transparent text-gray-600 hover:text-gray-900")}>
            Storefront
            <ExternalLink aria-hidden />
          </Link>
        </li>
      </ul>
    </nav>
  );
}
