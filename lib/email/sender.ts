import "server-only";
import { Resend } from "resend";
import { env } from "@/lib/env";

export type OutgoingEmail = {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
};
export type SendFailure = {
  ok: false;
  error: string;
  /** Resend's error name (`validation_error`, `rate_limit_exceeded`…), or ours when Resend gave none. */
  code: string;
  /** The HTTP status Resend answered with; null when no answer came back. */
  statusCode: number | null;
};
export type SendResult = { ok: true; providerMessageId: string } | SendFailure;

/** Shorter than the outbox lease, so a hung connection can never outlive its claim. */
export const SEND_TIMEOUT_MS = 15_000;
const MAX_ERROR_LENGTH = 300;

/**
 * Sends one mail through Resend and never throws: the SDK's `{ error }` results and
 * thrown errors both come back as `{ ok: false }` with a short message that holds no
 * secret. `idempotencyKey` (the outbox id) makes Resend drop a repeat of a mail it
 * already accepted, e.g. a retry after a lost response.
 */
export async function sendWithResend(apiKey: string, mail: OutgoingEmail, idempotencyKey: string): Promise<SendResult> {
  const failure = (message: string, code: string, statusCode: number | null): SendFailure => ({
    ok: false,
    error: message.replaceAll(apiKey, "[redacted]").replace(/\s+/g, " ").slice(0, MAX_ERROR_LENGTH),
    code,
    statusCode,
  });
  try {
    // The SDK would read RESEND_BASE_URL from process.env itself; passing the parsed
    // value keeps lib/env the one reader of the environment.
    const resend = new Resend(apiKey, { baseUrl: env.RESEND_BASE_URL.replace(/\/+$/, "") });
    const { data, error } = await resend.emails.send(
      {
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        ...(mail.replyTo && { replyTo: mail.replyTo }),
      },
      { idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
    );
    if (error) {
      const message = `Resend ${error.statusCode ?? "(no response)"} ${error.name}: ${error.message}`;
      return failure(message, error.name, error.statusCode ?? null);
    }
    if (!data?.id) return failure("Resend accepted the request but returned no message id", "no_message_id", 200);
    return { ok: true, providerMessageId: data.id };
  } catch (error) {
    const message = `Resend request failed: ${error instanceof Error ? error.message : "unknown error"}`;
    return failure(message, "request_failed", null);
  }
}
