import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/components/sign-out-button";
import type { StoreAccess } from "@/lib/auth/store-access";
import { recentRefusals } from "@/lib/webhooks/deliveries";

const NAV = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/emails", label: "Email log" },
  { href: "/admin/settings", label: "Dashboard Settings" },
];

/**
 * The admin frame: store name, navigation, the signed-in member, and a banner while recent
 * webhook deliveries are being refused. Pages check access themselves before rendering it.
 */
export async function AdminShell({ access, children }: { access: StoreAccess; children: ReactNode }) {
  const refusals = await recentRefusals(access.store.id);
  const latest = refusals[0];
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
      {latest && (
        <div className="banner" role="alert" data-testid="webhook-refusal-banner">
          <strong>Stripe&apos;s webhook deliveries are being refused</strong> ({refusals.length} recently): {latest.diagnosis}{" "}
          Orders for these payments are not being created. <Link href="/admin/webhooks">See deliveries</Link>
        </div>
      )}
      <main>{children}</main>
    </>
  );
}
