import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a list shows when it has nothing yet: a line of text, an optional icon and action. */
export function EmptyState({
  icon,
  children,
  action,
  className,
}: {
  icon?: ReactNode;
  children: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border border-dashed border-gray-300 bg-white px-6 py-10 text-center text-sm text-gray-600",
        "[&>svg]:size-8 [&>svg]:text-gray-400",
        className,
      )}
    >
      {icon}
      <div>{children}</div>
      {action}
    </div>
  );
}
