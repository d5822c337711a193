/**
 * The one error type the domain throws on purpose. `message` is safe to show a user;
 * anything else thrown is an internal error, logged and shown as a generic message.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Per-field messages for forms, keyed by input name. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again in a moment.";
