import { ShoppingCart } from "lucide-react";
import Link from "next/link";
import { SiteHeader } from "@/app/components/site-header";
import { buttonClasses } from "@/app/components/ui/button";
import type { Store } from "@/db/schema";
import { storeLogoPath } from "@/lib/tenancy/store-settings";

/** The storefront's bar: the store's logo (or initial) and name; the cart while the store sells. */
export function StoreHeader({ store }: { store: Pick<Store, "name" | "logoKey" | "pausedAt"> }) {
  const logo = storeLogoPath(store);
  return (
    <SiteHeader
      brand={
        <Link href="/" className="flex min-w-0 items-center gap-2.5 font-semibold text-gray-900">
          {logo ? (
            // eslint-disable-next-line @next/next/no-img-element -- served normalized by our own route
            <img src={logo} alt="" className="h-8 w-auto max-w-32 shrink-0 object-contain" data-testid="store-logo" />
          ) : (
            <span
              aria-hidden
              className="grid size-8 shrink-0 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white"
            >
              {store.name.trim().charAt(0).toUpperCase()}
            </span>
          )}
          <span className="truncate">{store.name}</span>
        </Link>
      }
    >
      {!store.pausedAt && (
        <nav>
          <Link href="/cart" className={buttonClasses("ghost", "sm")}>
            <ShoppingCart aria-hidden />
            Cart
          </Link>
        </nav>
      )}
    </SiteHeader>
  );
}
