import type { FormObject, FormValue } from "../http/form-encoding";
import { missingParam, paramError } from "./errors";

/**
 * Typed reads of a form-encoded request, failing with the exact errors Stripe returns
 * for a missing or malformed parameter. Nested hashes are read through `object()`,
 * which keeps the full parameter path (`payment_intent_data[metadata]`) for messages.
 */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  private path(name: string): string {
    return this.prefix ? `${this.prefix}[${name}]` : name;
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  /** Stripe treats an empty string as "unset this field". */
  isEmpty(name: string): boolean {
    return this.raw[name] === "";
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string") {
      throw paramError(this.path(name), `Invalid string: ${describe(value)}`, "parameter_invalid_string");
    }
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw missingParam(this.path(name));
    return value;
  }

  /** Parameters that may be a string or `''` to clear; returns null for a clear. */
  nullableString(name: string): string | null | undefined {
    if (this.isEmpty(name)) return null;
    return this.string(name);
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw paramError(this.path(name), `Invalid integer: ${value}`, "parameter_invalid_integer");
    }
    return Number(value);
  }

  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw missingParam(this.path(name));
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === "true") return true;
    if (value === "false") return false;
    throw paramError(this.path(name), `Invalid boolean: ${value}`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw paramError(this.path(name), `Invalid ${name}: must be one of ${allowed.join(", ")}`);
    }
    return match;
  }

  object(name: string): Params | undefined {
    const value = this.raw[name];
    if (value === undefined || value === "") return undefined;
    if (typeof value === "string" || Array.isArray(value)) {
      throw paramError(this.path(name), `Invalid object`, "parameter_invalid_object");
    }
    return new Params(value, this.path(name));
  }

  /** Arrays of hashes, e.g. `line_items[0][price]`. */
  objectArray(name: string): Params[] {
    const value = this.raw[name];
    if (value === undefined || value === "") return [];
    const items = Array.isArray(value) ? value : Object.values(value);
    return items.flatMap((item, index) => {
      if (item === undefined) return [];
      if (typeof item === "string" || Array.isArray(item)) {
        throw paramError(`${this.path(name)}[${index}]`, "Invalid object", "parameter_invalid_object");
      }
      return [new Params(item, `${this.path(name)}[${index}]`)];
    });
  }

  /** Arrays of strings, e.g. `expand[]`, `payment_method_types[]`, `enabled_events[]`. */
  stringArray(name: string): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (value === "") return [];
    const items = typeof value === "string" ? [value] : Array.isArray(value) ? value : Object.values(value);
    return items.flatMap((item) => {
      if (item === undefined) return [];
      if (typeof item !== "string") throw paramError(this.path(name), "Invalid array", "parameter_invalid_array");
      return [item];
    });
  }

  /**
   * Metadata updates merge into the existing hash; a key set to `''` is removed, and
   * `metadata=''` clears everything, as in Stripe.
   */
  metadata(current: Record<string, string> = {}, name = "metadata"): Record<string, string> {
    if (this.isEmpty(name)) return {};
    const value = this.raw[name];
    if (value === undefined) return current;
    if (typeof value === "string" || Array.isArray(value)) {
      throw paramError(this.path(name), "Invalid object", "parameter_invalid_object");
    }
    const next = { ...current };
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== "string") throw paramError(`${this.path(name)}[${key}]`, "Invalid string");
      if (entry === "") delete next[key];
      else next[key] = entry;
    }
    if (Object.keys(next).length > 50) {
      throw paramError(this.path(name), "Metadata can have at most 50 keys.");
    }
    return next;
  }

  /** Rejects top-level parameters the endpoint does not know, like Stripe does. */
  assertKnown(allowed: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (!allowed.includes(key)) {
        throw paramError(this.path(key), `Received unknown parameter: ${this.path(key)}`, "parameter_unknown");
      }
    }
  }
}

function describe(value: FormValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
