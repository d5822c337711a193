import type { ReactNode } from "react";
import { cn } from "./cn";

const WIDTHS = { narrow: "max-w-md", medium: "max-w-3xl", default: "max-w-6xl" } as const;

/** The page's <main>: centred, padded, and as wide as the headers above it (narrow for sign-in forms, medium for a single order or download). */
export function PageMain({
  width = "default",
  className,
  children,
}: {
  width?: keyof typeof WIDTHS;
  className?: string;
  children: ReactNode;
}) {
  return <main className={cn("mx-auto w-full px-4 pt-8 pb-16 sm:px-6", WIDTHS[width], className)}>{children}</main>;
}
