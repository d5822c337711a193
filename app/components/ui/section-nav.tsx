"use client";
import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { cn } from "./cn";

export type SectionNavItem = { href: string; label: string; icon: LucideIcon };

export const SECTION_NAV_ITEM =
  "flex h-11 items-center gap-2 border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors " +
  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600 [&_svg]:size-4 [&_svg]:shrink-0";

/**
 * A row of section links that scrolls sideways on narrow screens, with the current section
 * marked (aria-current) and scrolled into view: the store admin's and the staff console's.
 */
export function SectionNav({
  label,
  items,
  active,
  children,
}: {
  label: string;
  items: SectionNavItem[];
  /** The href of the current section. */
  active: string | undefined;
  /** Extra items after the sections, e.g. a link out. */
  children?: ReactNode;
}) {
  const currentRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // A block body on purpose: newer browsers return a Promise from scrollIntoView, and an
    // effect must return nothing but a cleanup function.
    currentRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [active]);
  return (
    <nav aria-label={label} className="mx-auto max-w-6xl px-2 sm:px-4">
      <ul className="flex overflow-x-auto [scrollbar-width:thin]">
        {items.map(({ href, label: itemLabel, icon: Icon }) => {
          const current = href === active;
          return (
            <li key={href}>
              <Link
                href={href}
                ref={current ? currentRef : undefined}
                aria-current={current ? "page" : undefined}
                className={cn(
                  SECTION_NAV_ITEM,
                  current
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900",
                )}
              >
                <Icon aria-hidden />
                {itemLabel}
              </Link>
            </li>
          );
        })}
        {children}
      </ul>
    </nav>
  );
}
