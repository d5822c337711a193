import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, emailVerificationTokens, storeStripeSettings, users } from "@/db/schema";
import { getDb } from "@/lib/db";
import { getStripeSettingsView, LIVE_MODE_NEEDS_VERIFIED_EMAIL, saveStripeSettings } from "@/lib/stripe/settings";
import { storeHost } from "@/lib/tenancy/host";
import { env } from "@/lib/env";
import { createOwnerWithStore } from "@/test/factories";
import { testSecret } from "@/test/stripe-events";
import {
  createVerificationLink,
  isStoreOwnerEmailVerified,
  isVerificationLinkUsable,
  VERIFICATION_LINK_LIFETIME_MS,
  verifyEmailWithToken,
} from "./email-verification";
import { listPlatformMail } from "./email-verification-dev-mailbox";
import {
  requestStoreOwnerVerificationMail,
  requestVerificationMail,
  VERIFICATION_MAIL_KIND,
} from "./email-verification-mails";
import { redeemSignInTicket } from "./sign-in-tickets";
import { confirmEmailAndHandOff, signUpAndAskToConfirm } from "./signup-flow";

const MINUTE = 60 * 1000;
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

/** The token of the newest verification mail to `email`, as the owner would click it. */
async function tokenFromMail(email: string): Promise<string> {
  const [mail] = (await listPlatformMail({ to: email })).filter((m) => m.kind === VERIFICATION_MAIL_KIND);
  const token = /\/verify-email\?token=([\w-]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no verification mail to ${email}`);
  return token;
}

async function verifiedAt(userId: string): Promise<Date | null> {
  const db = await getDb();
  const [row] = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  return row?.at ?? null;
}

function newSignup() {
  const id = randomBytes(4).toString("hex");
  return {
    email: `verify-${id}@example.test`,
    password: "violet-anchor-mustard-91",
    storeName: "Verify Me",
    subdomain: `verify-me-${id}`,
  };
}

describe("the verification link", () => {
  it("comes by platform mail at signup, verifies once, and opens the new store's admin", async () => {
    const signup = newSignup();
    await signUpAndAskToConfirm(signup);
    const [mail] = await listPlatformMail({ to: signup.email });
    expect(mail).toMatchObject({ kind: VERIFICATION_MAIL_KIND, subject: expect.stringContaining("Confirm") });
    const token = await tokenFromMail(signup.email);
    expect(await isVerificationLinkUsable(token)).toBe(true);

    const { redirectTo } = await confirmEmailAndHandOff(token);
    const host = storeHost(signup.subdomain, env.ROOT_DOMAIN);
    expect(redirectTo).toMatch(new RegExp(`^https?://${host.replace(/\./g, "\\.")}/admin/sign-in\\?ticket=`));
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, signup.email));
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    // The hand-off ticket signs this owner in on the store's host.
    const ticket = decodeURIComponent(new URL(redirectTo).searchParams.get("ticket") ?? "");
    expect(await redeemSignInTicket(ticket, host)).toBe(user?.id);

    expect(await isVerificationLinkUsable(token)).toBe(false);
    await expect(confirmEmailAndHandOff(token)).rejects.toMatchObject({ code: "verification_link_unusable" });
  });

  it("stores only a hash of its token", async () => {
    const { user } = await createOwnerWithStore();
    const db = await getDb();
    const link = await createVerificationLink(db, user);
    const token = new URL(link!.url).searchParams.get("token")!;
    const rows = await db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]).toMatchObject({ tokenHash: link!.id, email: user.email, usedAt: null });
  });

  it("expires after 48 hours", async () => {
    const { user } = await createOwnerWithStore();
    const now = new Date();
    const link = await createVerificationLink(await getDb(), user, now);
    const token = new URL(link!.url).searchParams.get("token")!;
    expect(link!.expiresAt).toEqual(at(now, VERIFICATION_LINK_LIFETIME_MS));

    expect(await verifyEmailWithToken(token, at(now, VERIFICATION_LINK_LIFETIME_MS + 1000))).toBeNull();
    expect(await verifiedAt(user.id)).toBeNull();
    expect(await verifyEmailWithToken(token, at(now, VERIFICATION_LINK_LIFETIME_MS - MINUTE))).toEqual({
      userId: user.id,
    });
    expect(await verifiedAt(user.id)).toBeInstanceOf(Date);
  });

  it("spends the account's other open links once one is used", async () => {
    const { user } = await createOwnerWithStore();
    const db = await getDb();
    const now = new Date();
    const first = await createVerificationLink(db, user, now);
    const second = await createVerificationLink(db, user, at(now, 2 * MINUTE));
    const token = (link: typeof first) => new URL(link!.url).searchParams.get("token")!;
    expect(await verifyEmailWithToken(token(second), at(now, 3 * MINUTE))).toEqual({ userId: user.id });
    expect(await verifyEmailWithToken(token(first), at(now, 4 * MINUTE))).toBeNull();
  });

  it("does nothing for an address the account no longer has", async () => {
    const { user } = await createOwnerWithStore();
    const db = await getDb();
    const link = await createVerificationLink(db, user);
    await db
      .update(users)
      .set({ email: `changed-${randomBytes(4).toString("hex")}@example.test` })
      .where(eq(users.id, user.id));
    const token = new URL(link!.url).searchParams.get("token")!;
    expect(await isVerificationLinkUsable(token)).toBe(false);
    expect(await verifyEmailWithToken(token)).toBeNull();
    expect(await verifiedAt(user.id)).toBeNull();
  });

  it("is made at most once a minute and five times an hour per account", async () => {
    const { user } = await createOwnerWithStore();
    const db = await getDb();
    const now = new Date();
    const made = [];
    for (const minutes of [0, 0.5, 1, 2, 3, 4, 5, 61]) {
      made.push((await createVerificationLink(db, user, at(now, minutes * MINUTE))) !== null);
    }
    expect(made).toEqual([true, false, true, true, true, true, false, true]);
  });
});

describe("asking for a new link on the root domain", () => {
  async function mailCount(email: string) {
    const db = await getDb();
    const rows = await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, email), isNull(emailOutbox.storeId)))
      .orderBy(desc(emailOutbox.createdAt));
    return rows.length;
  }

  it("mails an unverified account, and no one for an unknown or verified address", async () => {
    const { user } = await createOwnerWithStore();
    await requestVerificationMail(` ${user.email.toUpperCase()} `);
    expect(await mailCount(user.email)).toBe(1);
    await verifyEmailWithToken(await tokenFromMail(user.email));
    await requestVerificationMail(user.email, at(new Date(), 2 * MINUTE));
    expect(await mailCount(user.email)).toBe(1);

    const stranger = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    await requestVerificationMail(stranger);
    expect(await mailCount(stranger)).toBe(0);
  });
});

describe("live mode", () => {
  /** A store with complete Test and Live keys whose owner has not verified their email. */
  async function storeReadyForLive() {
    const owner = await createOwnerWithStore();
    await saveStripeSettings(owner.store.id, {
      testPublishableKey: testSecret("pk_test"),
      testSecretKey: testSecret("sk_test"),
      testWebhookSecret: testSecret("whsec"),
      livePublishableKey: testSecret("pk_live"),
      liveSecretKey: testSecret("sk_live"),
      liveWebhookSecret: testSecret("whsec"),
      liveMode: false,
    });
    return owner;
  }

  it("cannot be switched on until the owner's email is verified", async () => {
    const { store, user } = await storeReadyForLive();
    expect(await isStoreOwnerEmailVerified(store.id)).toBe(false);
    await expect(saveStripeSettings(store.id, { liveMode: true })).rejects.toMatchObject({
      fieldErrors: { liveMode: LIVE_MODE_NEEDS_VERIFIED_EMAIL },
    });
    expect((await getStripeSettingsView(store.id)).liveMode).toBe(false);

    // "Send a new link" beside the switch mails the owner; following it unlocks live mode.
    expect(await requestStoreOwnerVerificationMail(store.id)).toEqual({ outcome: "sent", email: user.email });
    expect(await requestStoreOwnerVerificationMail(store.id)).toEqual({ outcome: "too_soon" });
    await verifyEmailWithToken(await tokenFromMail(user.email));
    expect(await requestStoreOwnerVerificationMail(store.id)).toEqual({ outcome: "already_verified" });
    await saveStripeSettings(store.id, { liveMode: true });
    expect((await getStripeSettingsView(store.id)).liveMode).toBe(true);
  });

  it("stays on for a store that was live before verification existed", async () => {
    const { store } = await storeReadyForLive();
    const db = await getDb();
    await db.update(storeStripeSettings).set({ liveMode: true }).where(eq(storeStripeSettings.storeId, store.id));
    await saveStripeSettings(store.id, { liveMode: true, checkoutMode: "stripe_checkout" });
    expect(await getStripeSettingsView(store.id)).toMatchObject({ liveMode: true, checkoutMode: "stripe_checkout" });
  });
});
