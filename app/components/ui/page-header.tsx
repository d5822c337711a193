import type { ReactNode } from "react";
import { cn } from "./cn";

/** The page's <h1>, an optional line under it, and actions on the right (below on phones). */
export function PageHeader({
  title,
  description,
  actions,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mb-6 flex flex-wrap items-start justify-between gap-x-6 gap-y-3", className)}>
      <div className="grid min-w-0 gap-1.5">
        <h1 className="text-2xl font-semibold tracking-tight text-balance text-gray-900 sm:text-3xl">{title}</h1>
        {description && <div className="text-sm text-gray-600 sm:text-base">{description}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

/** A section's <h2> inside a page, with optional description and actions. */
export function SectionHeader({
  title,
  description,
  actions,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mt-8 mb-4 flex flex-wrap items-end justify-between gap-x-6 gap-y-2", className)}>
      <div className="grid min-w-0 gap-1">
        <h2 className="text-lg font-semibold text-gray-900">{title}</h2>
        {description && <div className="text-sm text-gray-600">{description}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
