import "server-only";
import type { z } from "zod";
import type { User } from "@/db/schema";
import { requireStoreAdminForAction, type StoreAccess } from "./auth/store-access";
import { AppError, GENERIC_ERROR_MESSAGE } from "./errors";
import { log } from "./log";
import { requireStaffForAction } from "./staff/staff-access";

/** What every form action returns: a result, or messages safe to show beside the fields. */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; formError?: string; fieldErrors: Record<string, string> };

/**
 * Wraps a server action so its input is parsed with zod first and errors come back as
 * safe messages: an AppError's own message, anything else a generic one (and logged).
 */
export function validatedAction<S extends z.ZodType, T>(schema: S, run: (input: z.infer<S>) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
      return { ok: false, fieldErrors };
    }
    try {
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, formError: error.message, fieldErrors: error.fieldErrors };
      // Next's redirect()/notFound()/forbidden() are thrown too and must pass through.
      if (isNextControlFlow(error)) throw error;
      log.error({ err: error }, "server action failed");
      return { ok: false, formError: GENERIC_ERROR_MESSAGE, fieldErrors: {} };
    }
  };
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"))
  );
}

/**
 * A store-admin server action: the member is resolved from the host and session first
 * (`requireStoreAdminForAction`), then the input is parsed, then `run` gets both.
 */
export function storeAdminAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.infer<S>, access: StoreAccess) => Promise<T>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    let access: StoreAccess;
    try {
      access = await requireStoreAdminForAction();
    } catch (error) {
      if (error instanceof AppError) return { ok: false, formError: error.message, fieldErrors: {} };
      throw error;
    }
    return validatedAction(schema, (parsed) => run(parsed, access))(input);
  };
}

/**
 * A staff console server action: the caller must be platform staff (checked before the
 * input is read), then the input is parsed, then `run` gets both.
 */
export function staffAction<S extends z.ZodType, T>(schema: S, run: (input: z.infer<S>, staff: User) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    let staff: User;
    try {
      staff = await requireStaffForAction();
    } catch (error) {
      if (error instanceof AppError) return { ok: false, formError: error.message, fieldErrors: {} };
      throw error;
    }
    return validatedAction(schema, (parsed) => run(parsed, staff))(input);
  };
}
