import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { storeEmailSettings } from "@/db/schema";
import { decryptSecret, encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { releaseHeldEmails } from "./outbox";

const EMAIL = z.email();
// `Name <address>` or a bare address, as Resend accepts it.
const FROM = /^(?:[^<>"\r\n]{1,100}\s)?<([^<>\s]+)>$|^([^<>\s]+)$/;

export const emailSettingsInput = z.object({
  resendApiKey: z.string().trim().max(200).optional().transform((v) => v || undefined),
  fromAddress: z.string().trim().max(200).optional().transform((v) => v || undefined),
  replyTo: z.string().trim().max(200).optional().transform((v) => v || undefined),
});
export type EmailSettingsInput = z.input<typeof emailSettingsInput>;

/** What the settings page may show: never the API key, only its masked hint. */
export type EmailSettingsView = { fromAddress: string | null; replyTo: string | null; resendApiKeyHint: string | null };

export async function getEmailSettingsView(storeId: string): Promise<EmailSettingsView> {
  const db = await getDb();
  const [row] = await db.select().from(storeEmailSettings).where(eq(storeEmailSettings.storeId, storeId)).limit(1);
  return { fromAddress: row?.fromAddress ?? null, replyTo: row?.replyTo ?? null, resendApiKeyHint: row?.resendApiKeyHint ?? null };
}

/** Saves the store's Resend settings; a blank API key keeps the saved one. Held mail is released once a key exists. */
export async function saveEmailSettings(storeId: string, raw: EmailSettingsInput): Promise<EmailSettingsView> {
  const input = emailSettingsInput.parse(raw);
  const errors: Record<string, string> = {};
  if (input.resendApiKey && !/^re_[A-Za-z0-9_]{16,}$/.test(input.resendApiKey)) {
    errors.resendApiKey = "A Resend API key starts with re_ and is at least 19 characters long. Copy it again from Resend → API Keys.";
  }
  if (input.fromAddress) {
    const match = FROM.exec(input.fromAddress);
    const address = match?.[1] ?? match?.[2];
    if (!address || !EMAIL.safeParse(address).success) errors.fromAddress = "Use an address like Shop <receipts@yourdomain.com> or receipts@yourdomain.com.";
  }
  if (input.replyTo && !EMAIL.safeParse(input.replyTo).success) errors.replyTo = "Enter a single email address.";
  if (Object.keys(errors).length > 0) throw new AppError("invalid_email_settings", "Some values need fixing before they can be saved.", 400, errors);

  const values = {
    fromAddress: input.fromAddress ?? null,
    replyTo: input.replyTo ?? null,
    ...(input.resendApiKey && {
      resendApiKey: encryptSecret(input.resendApiKey, `${storeId}:resend_api_key`),
      resendApiKeyHint: maskSecret(input.resendApiKey),
    }),
  };
  const db = await getDb();
  await db.insert(storeEmailSettings).values({ storeId, ...values }).onConflictDoUpdate({ target: storeEmailSettings.storeId, set: values });
  const view = await getEmailSettingsView(storeId);
  if (view.resendApiKeyHint) await releaseHeldEmails(storeId);
  return view;
}

export type EmailCredentials = { apiKey: string; from: string; replyTo: string | null };

/** Decrypted sending settings, or null while the store has no API key or From address. */
export async function loadEmailCredentials(storeId: string): Promise<EmailCredentials | null> {
  const db = await getDb();
  const [row] = await db.select().from(storeEmailSettings).where(eq(storeEmailSettings.storeId, storeId)).limit(1);
  if (!row?.resendApiKey || !row.fromAddress) return null;
  return { apiKey: decryptSecret(row.resendApiKey, `${storeId}:resend_api_key`), from: row.fromAddress, replyTo: row.replyTo };
}
