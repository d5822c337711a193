import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names, skipping falsy ones. It does not resolve conflicting utilities, so
 * components leave width and outer margins to the caller rather than overriding them.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
