import "server-only";
import { eq } from "drizzle-orm";
import { storeEmailSettings, type StoreEmailSettings } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { getDb, type Executor } from "@/lib/db";
import { env } from "@/lib/env";

/** Associated data of the API key envelope: a copied envelope never decrypts in another store. */
export const resendKeyContext = (storeId: string) => `${storeId}:resend_api_key`;

export async function findEmailSettingsRow(storeId: string, executor?: Executor): Promise<StoreEmailSettings | null> {
  const db = executor ?? (await getDb());
  const [row] = await db.select().from(storeEmailSettings).where(eq(storeEmailSettings.storeId, storeId)).limit(1);
  return row ?? null;
}

export type EmailCredentials = { apiKey: string; from: string; replyTo: string | null };

/** Why a store's mail cannot go out yet; shown in the email log as the mail's last error. */
export type MissingCredentials = { problem: string };

/**
 * The decrypted sending settings, for the outbox only (never for a page). Kept apart from
 * settings.ts, which imports the outbox, so the two modules do not import each other.
 */
export async function loadEmailCredentials(storeId: string): Promise<EmailCredentials | MissingCredentials> {
  const row = await findEmailSettingsRow(storeId);
  if (!row?.resendApiKey) return { problem: "No Resend API key in Dashboard Settings; the mail is kept here." };
  if (!row.fromAddress) return { problem: "No From address in Dashboard Settings; the mail is kept here." };
  let apiKey: string;
  try {
    apiKey = decryptSecret(row.resendApiKey, resendKeyContext(storeId));
  } catch {
    // e.g. APP_ENCRYPTION_KEY was replaced without keeping the old key: only a re-save helps.
    return {
      problem:
        "The saved Resend API key can no longer be decrypted; save it again in Dashboard Settings. The mail is kept here.",
    };
  }
  return { apiKey, from: row.fromAddress, replyTo: row.replyTo };
}

/** The platform's own sending settings (env), for mail that belongs to no store. */
export function platformEmailCredentials(): EmailCredentials | MissingCredentials {
  if (!env.PLATFORM_RESEND_API_KEY || !env.PLATFORM_MAIL_FROM) {
    return { problem: "The platform has no mail provider configured; the mail is kept here." };
  }
  return { apiKey: env.PLATFORM_RESEND_API_KEY, from: env.PLATFORM_MAIL_FROM, replyTo: null };
}
