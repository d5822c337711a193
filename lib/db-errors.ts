const UNIQUE_VIOLATION = "23505";

/**
 * Whether `error` (or any error in its `cause` chain, as drizzle wraps driver errors) is
 * Postgres refusing a row because it would break the named unique constraint. Both pg
 * and PGlite report `code` and `constraint`.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint: name } = e as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && name === constraint) return true;
  }
  return false;
}
