import "server-only";
import { Resend } from "resend";
import { env } from "@/lib/env";

export type OutgoingEmail = { from: string; to: string; replyTo: string | null; subject: string; html: string; text: string };
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; error: string };

/**
 * Sends one mail through Resend. The outbox id is Resend's idempotency key, so a retry
 * after a lost response never delivers the mail twice. Never throws.
 */
export async function sendWithResend(apiKey: string, mail: OutgoingEmail, idempotencyKey: string): Promise<SendResult> {
  try {
    const resend = new Resend(apiKey, { baseUrl: env.RESEND_BASE_URL });
    const { data, error } = await resend.emails.send(
      { from: mail.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, ...(mail.replyTo && { replyTo: mail.replyTo }) },
      { idempotencyKey },
    );
    if (error || !data) return { ok: false, error: `Resend: ${error?.message ?? "no response"}`.slice(0, 300) };
    return { ok: true, providerMessageId: data.id };
  } catch (error) {
    return { ok: false, error: `Resend unreachable: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
}
