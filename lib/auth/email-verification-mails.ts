import "server-only";
import { eq } from "drizzle-orm";
import { users, type User } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Executor } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { escapeHtml } from "@/lib/email/receipt";
import { platformUrl } from "@/lib/tenancy/stores";
import { PLATFORM_NAME } from "@/lib/tenancy/subdomain";
import { announceHeldPlatformLink } from "./email-verification-dev-mailbox";
import { createVerificationLink, findStoreOwner, type VerificationLink } from "./email-verification";

export const VERIFICATION_MAIL_KIND = "email_verification";
export const SIGNUP_ATTEMPT_MAIL_KIND = "signup_attempt";

const HOUR_MS = 60 * 60 * 1000;

type Recipient = Pick<User, "id" | "email">;

/**
 * Queues the mail with a new verification link for `user` as platform mail (no store), on
 * the caller's transaction. Returns false when the account had a link too recently.
 */
export async function queueVerificationMail(executor: Executor, user: Recipient, now = new Date()): Promise<boolean> {
  const link = await createVerificationLink(executor, user, now);
  if (!link) return false;
  const paragraphs = [
    `Confirm that ${user.email} is your address to open your store on ${PLATFORM_NAME}:`,
    { link, label: "Confirm my email and open my store" },
    `The link works once, until ${formatUtc(link.expiresAt)}. Your store can take live payments once your address is confirmed.`,
    `If you did not sign up for ${PLATFORM_NAME}, ignore this mail.`,
  ];
  await enqueueEmail(executor, {
    storeId: null,
    kind: VERIFICATION_MAIL_KIND,
    to: user.email,
    subject: `Confirm your email address for ${PLATFORM_NAME}`,
    text: mailText(paragraphs),
    html: mailHtml(`Confirm your email address`, paragraphs),
    dedupeKey: `${VERIFICATION_MAIL_KIND}:${link.id}`,
  });
  announceHeldPlatformLink({ kind: VERIFICATION_MAIL_KIND, to: user.email, url: link.url });
  return true;
}

class AlreadyToldThisHour extends Error {}

/**
 * Someone signed up with an address that already has an account. The form answered as it
 * does for a new address; the address's owner hears about it here (at most once an hour),
 * with a sign-in link, and a new verification link if the account still needs one. Nothing
 * the stranger typed (store name, address, password) goes into the mail.
 */
export async function queueSignupAttemptMail(email: string, now = new Date()): Promise<void> {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!user) return;
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  try {
    await db.transaction(async (tx) => {
      const link = user.emailVerifiedAt ? null : await createVerificationLink(tx, user, now);
      const paragraphs = [
        `Someone, maybe you, tried to start a store on ${PLATFORM_NAME} with ${user.email}. This address already has an account, so nothing was created or changed.`,
        { link: { url: platformUrl("/login") }, label: "Sign in to your stores" },
        ...(link
          ? [
              `Your address is not confirmed yet. Confirm it here (the link works once, until ${formatUtc(link.expiresAt)}):`,
              { link, label: "Confirm my email and open my store" },
            ]
          : []),
        "If it wasn't you, you can ignore this mail: no one can use your account without your password or a link from your mailbox.",
      ];
      const queued = await enqueueEmail(tx, {
        storeId: null,
        kind: SIGNUP_ATTEMPT_MAIL_KIND,
        to: user.email,
        subject: `Someone tried to sign up for ${PLATFORM_NAME} with your email`,
        text: mailText(paragraphs),
        html: mailHtml("Someone tried to sign up with your email", paragraphs),
        dedupeKey: `${SIGNUP_ATTEMPT_MAIL_KIND}:${user.id}:${hour}`,
      });
      // Told already this hour: the link made above is not needed either.
      if (!queued) throw new AlreadyToldThisHour();
      if (link) announceHeldPlatformLink({ kind: SIGNUP_ATTEMPT_MAIL_KIND, to: user.email, url: link.url });
    });
  } catch (error) {
    if (!(error instanceof AlreadyToldThisHour)) throw error;
  }
}

/**
 * "Send a new link" on the root domain, where anyone may type any address: a link goes
 * out only to an account that still needs one, and the caller learns nothing either way.
 */
export async function requestVerificationMail(email: string, now = new Date()): Promise<void> {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!user || user.emailVerifiedAt) return;
  await db.transaction((tx) => queueVerificationMail(tx, user, now));
}

export type OwnerVerificationRequest =
  { outcome: "sent"; email: string } | { outcome: "already_verified" } | { outcome: "too_soon" };

/**
 * "Send a new link" in a store's settings: to the store's owner, who must verify before
 * live mode. Asked on the store's host, it queues platform mail (no store), so it runs as the platform.
 */
export async function requestStoreOwnerVerificationMail(storeId: string): Promise<OwnerVerificationRequest> {
  const owner = await findStoreOwner(storeId);
  if (!owner) throw new Error(`store ${storeId} has no owner`);
  if (owner.emailVerifiedAt) return { outcome: "already_verified" };
  const db = await getDb();
  const sent = await asPlatform(() => db.transaction((tx) => queueVerificationMail(tx, owner)));
  return sent ? { outcome: "sent", email: owner.email } : { outcome: "too_soon" };
}

type Paragraph = string | { link: Pick<VerificationLink, "url">; label: string };

function mailText(paragraphs: Paragraph[]): string {
  return paragraphs.map((p) => (typeof p === "string" ? p : `${p.label}: ${p.link.url}`)).join("\n\n") + "\n";
}

function mailHtml(title: string, paragraphs: Paragraph[]): string {
  const body = paragraphs
    .map((p) =>
      typeof p === "string"
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p.link.url)}" style="font-weight:600">${escapeHtml(p.label)}</a></p>`,
    )
    .join("\n");
  return [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a">`,
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1>`,
    body,
    "</body></html>",
  ].join("\n");
}

const formatUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
