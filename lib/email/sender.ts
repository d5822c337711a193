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
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; error: string };

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
  const failure = (message: string): SendResult => ({
    ok: false,
    error: message.replaceAll(apiKey, "[redacted]").replace(/\s+/g, " ").slice(0, MAX_ERROR_LENGTH),
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
    if (error) return failure(`Resend ${error.statusCode ?? "(no response)"} ${error.name}: ${error.message}`);
    if (!data?.id) return failure("Resend accepted the request but returned no message id");
    return { ok: true, providerMessageId: data.id };
  } catch (error) {
    return failure(`Resend request failed: ${error instanceof Error ? error.message : "unknown error"}`);
  }
}
