import { ShoppingCart } from "lucide-react";
import Link from "next/link";
import { SiteHeader } from "@/app/components/site-header";
import { buttonClasses } from "@/app/components/ui/button";
import type { Store } from "@/db/schema";

export function StoreHeader({ store }: { store: Pick<Store, "name"> }) {
  return (
    <SiteHeader
      brand={
        <Link href="/" className="flex min-w-0 items-center gap-2.5 font-semibold text-gray-900">
          <span
            aria-hidden
            className="grid size-8 shrink-0 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white"
          >
            {store.name.trim().charAt(0).toUpperCase()}
          </span>
          <span className="truncate">{store.name}</span>
        </Link>
      }
    >
      <nav>
        <Link href="/cart" className={buttonClasses("ghost", "sm")}>
          <ShoppingCart aria-hidden />
          Cart
        </Link>
      </nav>
    </SiteHeader>
  );
}
