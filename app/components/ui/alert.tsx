import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type AlertTone = "info" | "success" | "warning" | "danger";

const ICON = "mt-0.5 size-4 shrink-0";
const TONES: Record<AlertTone, { box: string; icon: ReactNode }> = {
  info: {
    box: "border-brand-200 bg-brand-50 text-brand-900",
    icon: <Info className={cn(ICON, "text-brand-600")} aria-hidden />,
  },
  success: {
    box: "border-success-200 bg-success-50 text-success-800",
    icon: <CircleCheck className={cn(ICON, "text-success-600")} aria-hidden />,
  },
  warning: {
    box: "border-warning-200 bg-warning-50 text-warning-800",
    icon: <TriangleAlert className={cn(ICON, "text-warning-600")} aria-hidden />,
  },
  danger: {
    box: "border-danger-200 bg-danger-50 text-danger-800",
    icon: <CircleAlert className={cn(ICON, "text-danger-600")} aria-hidden />,
  },
};

type AlertProps = Omit<ComponentProps<"div">, "title"> & {
  tone: AlertTone;
  title?: ReactNode;
  /** A full-width strip under a header instead of a rounded box. */
  banner?: boolean;
};

/**
 * A message box. Danger and warning are announced at once (role="alert"), others politely
 * (role="status"); pass role to override it.
 */
export function Alert({ tone, title, banner = false, className, children, role, ...props }: AlertProps) {
  const body = (
    <>
      {TONES[tone].icon}
      <div className="grid min-w-0 flex-1 gap-1 [&_a]:font-medium [&_a]:text-current">
        {title && <p className="font-semibold">{title}</p>}
        <div className="min-w-0">{children}</div>
      </div>
    </>
  );
  return (
    <div
      role={role ?? (tone === "danger" || tone === "warning" ? "alert" : "status")}
      className={cn(
        "text-sm",
        banner ? "border-b py-3" : "flex items-start gap-3 rounded-lg border px-4 py-3",
        TONES[tone].box,
        className,
      )}
      {...props}
    >
      {banner ? <div className="mx-auto flex max-w-6xl items-start gap-3 px-4 sm:px-6">{body}</div> : body}
    </div>
  );
}
