import type { ReactNode } from "react";
import { cn } from "./cn";

/** The id of a field's error message, for the control's aria-describedby. */
export function fieldErrorId(htmlFor: string): string {
  return `${htmlFor}-error`;
}

/** The id of a field's hint, for the control's aria-describedby. */
export function fieldHintId(htmlFor: string): string {
  return `${htmlFor}-hint`;
}

/**
 * A form field: a real <label for>, the control, a hint, and the error right beside it.
 * The control itself sets id={htmlFor}, invalid and aria-describedby (fieldErrorId/fieldHintId).
 */
export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  htmlFor: string;
  error?: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("grid gap-1.5", className)}>
      <label htmlFor={htmlFor} className="text-sm font-medium text-gray-900">
        {label}
      </label>
      {children}
      {hint && (
        <p id={fieldHintId(htmlFor)} className="text-sm text-gray-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={fieldErrorId(htmlFor)} className="text-sm font-medium text-danger-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A group of fields under a <legend> (role "group" named by the legend), boxed like a Card. */
export function Fieldset({
  legend,
  description,
  children,
  className,
}: {
  legend: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={cn("grid min-w-0 gap-5 rounded-xl border border-gray-200 bg-white p-5 shadow-xs", className)}>
      <legend className="float-left mb-0 w-full text-base font-semibold text-gray-900">{legend}</legend>
      {description && <p className="-mt-3 text-sm text-gray-500">{description}</p>}
      {children}
    </fieldset>
  );
}
