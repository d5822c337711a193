import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A data table; scrolls sideways inside its frame on narrow screens instead of overflowing the page. */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="w-full overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-xs">
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function TableHead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-gray-200 bg-gray-50", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-gray-200", className)} {...props} />;
}

/** A row; cells are vertically centred unless the row gets className="align-top" (for multi-line cells). */
export function TableRow(props: ComponentProps<"tr">) {
  return <tr {...props} />;
}

/** A header cell: scope="col" unless given (use scope="row" for a row's label). */
export function TableHeaderCell({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "px-4 py-2.5 font-medium whitespace-nowrap text-gray-600",
        scope === "col" ? "text-xs uppercase tracking-wide" : "w-40 bg-gray-50 text-sm",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 text-gray-800", className)} {...props} />;
}
