import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stores, users, webhookDeliveries } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { enqueueEmail, listEmails } from "@/lib/email/outbox";
import { authenticate } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { testSecret } from "@/test/stripe-events";
import * as staffActions from "@/app/staff/actions";
import StaffAuditPage from "@/app/staff/audit/page";
import PlatformEmailLogPage from "@/app/staff/emails/page";
import StaffStoresPage from "@/app/staff/page";
import { createStaffAccount } from "./staff-accounts";
import { listStoresForStaff } from "./stores-directory";

// next.config turns on forbidden(); a test process has no next.config.
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

afterEach(() => {
  fakeRequest.host = "";
  fakeRequest.user = null;
});

const unique = () => Math.random().toString(36).slice(2, 10);

async function staffUser() {
  const account = await createStaffAccount(`staff-${unique()}@example.test`);
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, account.email));
  return { account, user: user! };
}

const renderStaffPage = (query: Record<string, string> = {}) =>
  outcomeOf(() => StaffStoresPage({ searchParams: Promise.resolve(query) }));

describe("staff accounts", () => {
  it("are created with a one-time password that signs in, and are separate from owners", async () => {
    const { account, user } = await staffUser();
    expect(account.created).toBe(true);
    expect(user.isStaff).toBe(true);
    expect((await authenticate(account.email, account.password))?.id).toBe(user.id);

    const again = await createStaffAccount(account.email.toUpperCase());
    expect(again.created).toBe(false);
    expect(await authenticate(account.email, account.password)).toBeNull();
    expect((await authenticate(account.email, again.password))?.id).toBe(user.id);
    const [after] = await (await getDb()).select().from(users).where(eq(users.id, user.id));
    expect(after!.sessionVersion).toBe(user.sessionVersion + 1);

    const { user: owner } = await createOwnerWithStore();
    await expect(createStaffAccount(owner.email)).rejects.toMatchObject({ code: "not_a_staff_account" });
    await expect(createStaffAccount("not an email")).rejects.toMatchObject({ code: "invalid_email" });
  });
});

describe("the staff console", () => {
  it("sends the signed-out to sign in, refuses a store owner with 403, and opens for staff", async () => {
    fakeRequest.host = env.ROOT_DOMAIN;
    expect(await renderStaffPage()).toBe("redirect");
    fakeRequest.user = (await createOwnerWithStore()).user;
    expect(await renderStaffPage()).toBe("403");
    expect(await outcomeOf(() => StaffAuditPage())).toBe("403");
    const emailLog = () => PlatformEmailLogPage({ searchParams: Promise.resolve({}) });
    expect(await outcomeOf(emailLog)).toBe("403");
    fakeRequest.user = (await staffUser()).user;
    expect(await renderStaffPage()).toBe("rendered");
    expect(await outcomeOf(() => StaffAuditPage())).toBe("rendered");
    expect(await outcomeOf(emailLog)).toBe("rendered");
  });

  it("lists the platform's own mail in the platform email log, and no store's mail", async () => {
    const { store } = await createOwnerWithStore();
    const db = await getDb();
    const id = unique();
    await enqueueEmail(db, {
      storeId: null,
      kind: "verify_email",
      to: `p-${id}@example.test`,
      subject: `Platform ${id}`,
      html: "<p>x</p>",
      text: "x",
      dedupeKey: `p:${id}`,
    });
    await enqueueEmail(db, {
      storeId: store.id,
      kind: "receipt",
      to: `s-${id}@example.test`,
      subject: `Store ${id}`,
      html: "<p>x</p>",
      text: "x",
      dedupeKey: `s:${id}`,
    });
    const subjects = (await asPlatform(() => listEmails(null, { limit: 1000 }))).rows.map((m) => m.subject);
    expect(subjects).toContain(`Platform ${id}`);
    expect(subjects).not.toContain(`Store ${id}`);
  });

  it("refuses every staff action to the signed out and to store owners, before reading the input", async () => {
    const { store, user: owner } = await createOwnerWithStore();
    const actions = Object.entries(staffActions) as [string, (input: unknown) => Promise<unknown>][];
    expect(actions.length).toBeGreaterThanOrEqual(2);
    fakeRequest.host = env.ROOT_DOMAIN;
    for (const caller of [null, owner]) {
      fakeRequest.user = caller;
      for (const [name, action] of actions) {
        expect(await action({ storeId: store.id, reason: "No reason at all" }), name).toEqual({
          ok: false,
          formError: "Only platform staff can do this. Sign in again.",
          fieldErrors: {},
        });
      }
    }
    const [unchanged] = await (await getDb()).select().from(stores).where(eq(stores.id, store.id));
    expect(unchanged!.status).toBe("active");

    fakeRequest.user = (await staffUser()).user;
    expect(await staffActions.suspendStoreAction({ storeId: store.id, reason: "x" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("Give the reason") },
    });
    expect(await staffActions.suspendStoreAction({ storeId: store.id, reason: "Unpaid hosting" })).toMatchObject({
      ok: true,
    });
    const [suspended] = await (await getDb()).select().from(stores).where(eq(stores.id, store.id));
    expect(suspended).toMatchObject({ status: "suspended", suspensionReason: "Unpaid hosting" });
  });

  it("finds stores by subdomain or owner email, with their health, and never a secret", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const keys = {
      testPublishableKey: testSecret("pk_test"),
      testSecretKey: testSecret("sk_test"),
      testWebhookSecret: testSecret("whsec"),
    };
    await saveStripeSettings(a.store.id, keys);
    const db = await getDb();
    await db.insert(webhookDeliveries).values({
      storeId: a.store.id,
      outcome: "failed",
      httpStatus: 500,
      durationMs: 2,
    });
    await db.update(stores).set({ pausedAt: new Date() }).where(eq(stores.id, b.store.id));

    const bySubdomain = await listStoresForStaff({ q: a.store.subdomain });
    expect(bySubdomain.rows).toEqual([
      expect.objectContaining({
        subdomain: a.store.subdomain,
        ownerEmail: a.user.email,
        activeMode: "test",
        failedLast24h: 1,
        refusedLast24h: 0,
        paused: false,
      }),
    ]);
    const byOwner = await listStoresForStaff({ q: b.user.email.toUpperCase() });
    expect(byOwner.rows).toEqual([expect.objectContaining({ subdomain: b.store.subdomain, paused: true })]);

    const everything = JSON.stringify(await listStoresForStaff({}, 1000));
    for (const secret of Object.values(keys).slice(1)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/sk_test_|whsec_|passwordHash|password_hash/);
  });

  it("pages the directory by subdomain without skipping or repeating a store", async () => {
    const prefix = `pg${unique()}`;
    for (let i = 0; i < 5; i++) await createOwnerWithStore({ subdomain: `${prefix}-${i}` });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listStoresForStaff({ q: prefix, after }, 2);
      seen.push(...page.rows.map((r) => r.subdomain));
      after = page.nextAfter ?? undefined;
    } while (after);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
  });
});
