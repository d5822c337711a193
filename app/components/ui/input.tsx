import type { ComponentProps } from "react";
import { cn } from "./cn";

const CONTROL =
  "rounded-md border border-gray-300 bg-white py-2 text-sm text-gray-900 shadow-xs transition-colors " +
  "placeholder:text-gray-400 focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30 " +
  "disabled:cursor-not-allowed disabled:bg-gray-100 disabled:text-gray-500 " +
  "aria-invalid:border-danger-600 aria-invalid:focus-visible:border-danger-600 aria-invalid:focus-visible:outline-danger-600/30";

type Invalid = {
  /** Marks the control invalid (aria-invalid) and shows it in the error colour. */
  invalid?: boolean;
};

const ariaInvalid = (invalid: boolean | undefined, given: ComponentProps<"input">["aria-invalid"]) =>
  invalid ? true : given;

/** A text-like <input>, full width of its container. */
export function Input({ invalid, className, "aria-invalid": given, ...props }: ComponentProps<"input"> & Invalid) {
  return (
    <input
      aria-invalid={ariaInvalid(invalid, given)}
      className={cn(CONTROL, "block h-10 w-full min-w-0 px-3", className)}
      {...props}
    />
  );
}

export function Textarea({
  invalid,
  className,
  "aria-invalid": given,
  ...props
}: ComponentProps<"textarea"> & Invalid) {
  return (
    <textarea
      aria-invalid={ariaInvalid(invalid, given)}
      className={cn(CONTROL, "block min-h-24 w-full px-3", className)}
      {...props}
    />
  );
}

/** A styled native <select>: sized to its options unless the caller sets a width (e.g. "w-full"). */
export function NativeSelect({
  invalid,
  className,
  "aria-invalid": given,
  ...props
}: ComponentProps<"select"> & Invalid) {
  return (
    <select
      aria-invalid={ariaInvalid(invalid, given)}
      className={cn(CONTROL, "select-chevron h-10 max-w-full pr-9 pl-3", className)}
      {...props}
    />
  );
}

/** A native checkbox in the brand colour; put it inside a <label> with its text. */
export function Checkbox({
  invalid,
  className,
  "aria-invalid": given,
  ...props
}: Omit<ComponentProps<"input">, "type"> & Invalid) {
  return (
    <input
      type="checkbox"
      aria-invalid={ariaInvalid(invalid, given)}
      className={cn(
        "size-4 shrink-0 rounded border-gray-300 accent-brand-600 aria-invalid:outline-2 aria-invalid:outline-danger-600",
        className,
      )}
      {...props}
    />
  );
}
