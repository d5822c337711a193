import { ChevronRight, ChevronsLeft } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "./button";

/**
 * The links under a cursor-paginated list: back to the first page (once past it) and on to
 * the next (while one follows). A cursor only goes forward, so there is no "previous".
 * `label` names the list, for pages that show more than one.
 */
export function Pager({
  label = "Pages",
  firstHref,
  nextHref,
}: {
  label?: string;
  firstHref: string | null;
  nextHref: string | null;
}) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav className="mt-4 flex justify-between gap-3" aria-label={label}>
      {firstHref ? (
        <Link href={firstHref} className={buttonClasses("secondary", "sm")}>
          <ChevronsLeft aria-hidden />
          First page
        </Link>
      ) : (
        <span />
      )}
      {nextHref && (
        <Link href={nextHref} className={buttonClasses("secondary", "sm")}>
          Next page
          <ChevronRight aria-hidden />
        </Link>
      )}
    </nav>
  );
}
