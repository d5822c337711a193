import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/components/sign-out-button";
import type { StoreAccess } from "@/lib/auth/store-access";

const NAV = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/emails", label: "Email log" },
  { href: "/admin/settings", label: "Dashboard Settings" },
];

/** The admin frame: store name, navigation, the signed-in member. Pages check access themselves. */
export function AdminShell({ access, children, banner }: { access: StoreAccess; children: ReactNode; banner?: ReactNode }) {
  return (
    <>
      <header className="bar">
        <span className="brand">{access.store.name} · Admin</span>
        <nav aria-label="Admin">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href}>{item.label}</Link>
          ))}
          <a href="/">Storefront</a>
          <span className="muted">{access.user.email} ({access.role})</span>
          <SignOutButton redirectTo="/admin/sign-in" />
        </nav>
      </header>
      {banner}
      <main>{children}</main>
    </>
  );
}
