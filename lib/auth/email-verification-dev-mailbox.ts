import "server-only";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { isLocalRoot } from "@/lib/env-schema";
import { log } from "@/lib/log";

export const DEV_MAILBOX_PATH = "/dev/mail";

/**
 * Whether the platform's held mail may be read without a mailbox: only on a local root
 * domain. Without PLATFORM_RESEND_API_KEY the platform's mail (verification links, signup
 * notices) is held in the outbox; on a local root domain a developer, the demo and e2e
 * read it at /dev/mail and in the server log. Never on a real domain, where these links
 * sign people in.
 */
export function devMailboxEnabled(rootDomain = env.ROOT_DOMAIN): boolean {
  // With a real mail provider, platform mail goes out and nobody reads it here.
  return isLocalRoot(rootDomain) && !env.PLATFORM_RESEND_API_KEY;
}

/** Prints a held platform mail's link in the server log, where a developer looks first. */
export function announceHeldPlatformLink(mail: { kind: string; to: string; url: string }): void {
  if (!devMailboxEnabled()) return;
  log.info(
    { kind: mail.kind, to: mail.to, url: mail.url },
    `platform mail is held (no platform mail provider): open ${mail.url} or read it at ${DEV_MAILBOX_PATH}`,
  );
}

export type DevMail = { id: string; kind: string; to: string; subject: string; text: string; createdAt: Date };

/** The platform's own mail (no store), newest first, optionally to one address. */
export async function listPlatformMail(options: { to?: string; limit?: number } = {}): Promise<DevMail[]> {
  const db = await getDb();
  const conditions: SQL[] = [isNull(emailOutbox.storeId)];
  if (options.to) conditions.push(eq(emailOutbox.toAddress, options.to.trim().toLowerCase()));
  return db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(and(...conditions))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(options.limit ?? 50);
}
