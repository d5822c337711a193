import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A white, bordered box for grouping content; padded={false} for content that brings its own padding. */
export function Card({ className, padded = true, ...props }: ComponentProps<"div"> & { padded?: boolean }) {
  return (
    <div
      className={cn("rounded-xl border border-gray-200 bg-white shadow-xs", padded && "p-5", className)}
      {...props}
    />
  );
}
