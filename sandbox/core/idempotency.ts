import { createHash } from "node:crypto";
import { idempotencyError, StripeApiError } from "./errors";
import { nowSeconds } from "./clock";
import type { FormObject } from "../http/form-encoding";
import type { IdempotentResponse, Ledger } from "./state";

/** Stripe keeps idempotency keys for at least 24 hours. */
const RETENTION_S = 24 * 3600;

export function hashParams(params: FormObject): string {
  return createHash("sha256")
    .update(JSON.stringify(sortKeys(params)))
    .digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * The stored response for a repeated key, or Stripe's `idempotency_error` when the key
 * was first used for another endpoint or other parameters.
 */
export function findReplay(
  ledger: Ledger,
  key: string,
  method: string,
  path: string,
  paramsHash: string,
): IdempotentResponse | null {
  const stored = ledger.idempotency[key];
  if (!stored || stored.created < nowSeconds() - RETENTION_S) return null;
  if (stored.method !== method || stored.path !== path) {
    throw idempotencyError(
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.method} ${stored.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  if (stored.params_hash !== paramsHash) {
    throw idempotencyError(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  return stored;
}

export function remember(ledger: Ledger, key: string, entry: Omit<IdempotentResponse, "created">): void {
  const cutoff = nowSeconds() - RETENTION_S;
  for (const [storedKey, stored] of Object.entries(ledger.idempotency)) {
    if (stored.created < cutoff) delete ledger.idempotency[storedKey];
  }
  ledger.idempotency[key] = { ...entry, created: nowSeconds() };
}

export function shouldRemember(error: unknown): boolean {
  return !(error instanceof StripeApiError) || error.executed;
}
