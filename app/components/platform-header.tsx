import { Store } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/app/components/ui/button";
import { SiteHeader } from "./site-header";

export function PlatformHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <SiteHeader
      brand={
        <Link href="/" className="flex items-center gap-2 font-semibold text-gray-900">
          <Store className="size-5 text-brand-600" aria-hidden />
          Storehost
        </Link>
      }
    >
      <nav className="flex items-center gap-1 sm:gap-2">
        {signedIn ? (
          <Link className={buttonClasses("ghost", "sm")} href="/dashboard">
            Your stores
          </Link>
        ) : (
          <Link className={buttonClasses("ghost", "sm")} href="/login">
            Sign in
          </Link>
        )}
        {!signedIn && (
          <Link className={buttonClasses("primary", "sm")} href="/signup">
            Start a store
          </Link>
        )}
      </nav>
    </SiteHeader>
  );
}
