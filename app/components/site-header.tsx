import type { ReactNode } from "react";

/** The bar at the top of every page: a brand on the left, links and actions on the right. */
export function SiteHeader({ brand, children }: { brand: ReactNode; children?: ReactNode }) {
  return (
    <header className="border-b border-gray-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <div className="min-w-0">{brand}</div>
        {children}
      </div>
    </header>
  );
}
