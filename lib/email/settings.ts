import "server-only";
import { z } from "zod";
import { storeEmailSettings } from "@/db/schema";
import { encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { findEmailSettingsRow, resendKeyContext } from "./credentials";
import { releaseHeldEmails } from "./outbox";
import { kickOutbox } from "./worker";

const RESEND_KEY = /^re_[A-Za-z0-9_-]{16,}$/;
// `Name <address>` (the name may be quoted) or a bare address, as Resend accepts it.
const FROM = /^(?:[^<>\r\n]{1,100}?\s*)?<([^<>\s]+)>$|^([^<>\s]+)$/;
const isEmail = (value: string) => z.email().safeParse(value).success;

/** The address inside a From value, or null if the value is not a From. */
export function fromAddressEmail(value: string): string | null {
  const match = FROM.exec(value.trim());
  const address = match?.[1] ?? match?.[2];
  return address && isEmail(address) ? address : null;
}

// C0 and C1 controls (NUL included, which Postgres text refuses) and the bidi overrides and
// isolates that make a sender's name read differently from what it is.
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .refine(
    (v) => !CONTROL_OR_BIDI.test(v),
    "Remove the control characters (invisible or text-direction characters) from this value.",
  )
  .optional()
  .transform((v) => v || undefined);

/**
 * The email part of the Dashboard Settings form; field names are the inputs' names, so a
 * failed parse maps straight to field errors. A blank API key keeps the saved one; blank
 * From and Reply-to clear them.
 */
export const emailSettingsInput = z.object({
  resendApiKey: optionalText.refine(
    (v) => v === undefined || RESEND_KEY.test(v),
    "A Resend API key starts with re_ and is about 36 characters long. Copy it again from Resend → API Keys.",
  ),
  fromAddress: optionalText.refine(
    (v) => v === undefined || fromAddressEmail(v) !== null,
    "Use an address like Your Shop <receipts@yourdomain.com> or receipts@yourdomain.com.",
  ),
  replyTo: optionalText.refine(
    (v) => v === undefined || isEmail(v),
    "Enter a single email address, like you@yourdomain.com.",
  ),
  /** A checkbox: forget the saved key (mail is then held in the email log again). */
  removeResendApiKey: z
    .union([z.literal("on"), z.boolean()])
    .optional()
    .transform((v) => v === "on" || v === true),
});
export type EmailSettingsInput = z.input<typeof emailSettingsInput>;

/** What the settings page may show: never the API key, only its masked hint (`re_…a1b2`). */
export type EmailSettingsView = { fromAddress: string | null; replyTo: string | null; resendApiKeyHint: string | null };

export async function getEmailSettingsView(storeId: string): Promise<EmailSettingsView> {
  const row = await findEmailSettingsRow(storeId);
  return {
    fromAddress: row?.fromAddress ?? null,
    replyTo: row?.replyTo ?? null,
    resendApiKeyHint: row?.resendApiKeyHint ?? null,
  };
}

/**
 * Validates and saves the store's Resend settings. The key is stored encrypted (bound to
 * this store) with a masked hint. Once a key and a From address are saved, the mail held
 * for want of them goes back in the queue and the outbox is asked to send it.
 */
export async function saveEmailSettings(storeId: string, raw: EmailSettingsInput): Promise<EmailSettingsView> {
  const parsed = emailSettingsInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw invalid(fieldErrors);
  }
  const input = parsed.data;
  const row = await findEmailSettingsRow(storeId);
  if (input.removeResendApiKey && input.resendApiKey) {
    throw invalid({ resendApiKey: "Paste a new key or remove the saved one, not both." });
  }
  const hasKey = !input.removeResendApiKey && !!(input.resendApiKey ?? row?.resendApiKey);
  if (hasKey && !input.fromAddress) {
    throw invalid({ fromAddress: "Receipts need a From address on a domain you verified in Resend." });
  }

  const values = {
    fromAddress: input.fromAddress ?? null,
    replyTo: input.replyTo ?? null,
    updatedAt: new Date(),
    ...(input.resendApiKey && {
      resendApiKey: encryptSecret(input.resendApiKey, resendKeyContext(storeId)),
      resendApiKeyHint: maskSecret(input.resendApiKey),
    }),
    ...(input.removeResendApiKey && { resendApiKey: null, resendApiKeyHint: null }),
  };
  const db = await getDb();
  const released = await db.transaction(async (tx) => {
    await tx
      .insert(storeEmailSettings)
      .values({ storeId, ...values })
      .onConflictDoUpdate({ target: storeEmailSettings.storeId, set: values });
    return hasKey ? releaseHeldEmails(storeId, tx) : 0;
  });
  if (released > 0) void kickOutbox();
  return getEmailSettingsView(storeId);
}

function invalid(fieldErrors: Record<string, string>): AppError {
  return new AppError("invalid_email_settings", "Some values need fixing before they can be saved.", 400, fieldErrors);
}
