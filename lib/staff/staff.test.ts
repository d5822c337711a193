import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { staffAuditLog, stores, supportMessages, users, webhookDeliveries, type User } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { enqueueEmail, listEmails } from "@/lib/email/outbox";
import { authenticate } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { uploadSupportAttachment } from "@/lib/support/attachments";
import { sealSnapshot, takeContextSnapshot } from "@/lib/support/context-snapshot";
import { getTicketForStaff } from "@/lib/support/staff-tickets";
import { openTicket, replyAsOwner } from "@/lib/support/tickets";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { appFiles, importApp } from "@/test/store-surface";
import { testSecret } from "@/test/stripe-events";
import * as staffActions from "@/app/staff/actions";
import { GET as getTicketAttachment } from "@/app/staff/tickets/[id]/attachments/[attachmentId]/route";
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

/** A ticket on a new store, opened as its owner opens one from Admin → Help. */
async function openTicketOnNewStore() {
  const owner = await createOwnerWithStore();
  const sealed = sealSnapshot(owner.store.id, await takeContextSnapshot(owner.store));
  const access = { store: owner.store, user: owner.user, role: "owner" as const };
  const { id } = await openTicket(access, {
    subject: `Help ${unique()}`,
    category: "payments",
    message: "No order was created.",
    snapshotJson: sealed.json,
    snapshotSeal: sealed.seal,
  });
  return { ...owner, access, ticketId: id };
}

const STAFF_DIR = "app/staff";

/** The params each staff page needs, by its path under app/staff; a new page must be added here. */
const STAFF_PAGE_PARAMS: Record<string, (ticketId: string) => Record<string, string>> = {
  "page.tsx": () => ({}),
  "stores/page.tsx": () => ({}),
  "emails/page.tsx": () => ({}),
  "audit/page.tsx": () => ({}),
  "billing/page.tsx": () => ({}),
  "tickets/[id]/page.tsx": (ticketId) => ({ id: ticketId }),
};

type PageModule = { default: (props: { params: Promise<object>; searchParams: Promise<object> }) => unknown };

const renderPage = (page: PageModule, params: Record<string, string>) =>
  outcomeOf(() => page.default({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));

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
  it("every page sends the signed-out to sign in, refuses a store owner with 403, and opens for staff", async () => {
    const { ticketId, user: owner } = await openTicketOnNewStore();
    const staff = (await staffUser()).user;
    const pages = appFiles(STAFF_DIR, /^page\.tsx$/);
    expect(pages.map((file) => file.slice(STAFF_DIR.length + 1)).sort()).toEqual(Object.keys(STAFF_PAGE_PARAMS).sort());
    fakeRequest.host = env.ROOT_DOMAIN;
    for (const file of pages) {
      const page = (await importApp(file)) as PageModule;
      const params = STAFF_PAGE_PARAMS[file.slice(STAFF_DIR.length + 1)]!(ticketId);
      const outcomes: Record<string, string> = {};
      for (const [who, user] of [
        ["signed out", null],
        ["owner", owner],
        ["staff", staff],
      ] as const) {
        fakeRequest.user = user;
        outcomes[who] = await renderPage(page, params);
      }
      expect(outcomes, file).toEqual({ "signed out": "redirect", owner: "403", staff: "rendered" });
    }
    const ticketPage = (await importApp(`${STAFF_DIR}/tickets/[id]/page.tsx`)) as PageModule;
    expect(await renderPage(ticketPage, { id: randomUUID() })).toBe("404");
    expect(await renderPage(ticketPage, { id: "not-a-ticket" })).toBe("404");
  });

  it("serves a ticket's attachment to staff only: 401 signed out, 403 to an owner, 404 on another ticket", async () => {
    // The console's only route handler; a new one needs its own check like this one.
    expect(appFiles(STAFF_DIR, /^route\.ts$/)).toEqual([
      `${STAFF_DIR}/tickets/[id]/attachments/[attachmentId]/route.ts`,
    ]);
    const a = await openTicketOnNewStore();
    const b = await openTicketOnNewStore();
    // A 1×1 PNG, attached to a reply from A's owner.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "base64",
    );
    const attachment = await uploadSupportAttachment(a.access, { fileName: "screen.png", body: new Uint8Array(png) });
    await replyAsOwner(a.access, {
      ticketId: a.ticketId,
      message: "Screenshot attached.",
      attachmentIds: [attachment.id],
    });

    const fetchAs = (user: User | null, ticketId: string) => {
      fakeRequest.host = env.ROOT_DOMAIN;
      fakeRequest.user = user;
      const path = `/staff/tickets/${ticketId}/attachments/${attachment.id}`;
      return getTicketAttachment(new Request(`http://${env.ROOT_DOMAIN}${path}`), {
        params: Promise.resolve({ id: ticketId, attachmentId: attachment.id }),
      });
    };
    expect((await fetchAs(null, a.ticketId)).status).toBe(401);
    expect((await fetchAs(a.user, a.ticketId)).status).toBe(403);
    const staff = (await staffUser()).user;
    expect((await fetchAs(staff, b.ticketId)).status).toBe(404);
    const served = await fetchAs(staff, a.ticketId);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
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

  it("refuses every staff action to the signed out and to store owners, before reading the input, with nothing changed", async () => {
    const { store, ticketId, user: owner } = await openTicketOnNewStore();
    const staff = (await staffUser()).user;
    const actionFiles = appFiles(STAFF_DIR, /^actions\.ts$/);
    const actions: [string, (input: unknown) => Promise<unknown>][] = [];
    for (const file of actionFiles) {
      for (const [name, action] of Object.entries(await importApp(file))) {
        if (typeof action === "function")
          actions.push([`${file}: ${name}`, action as (input: unknown) => Promise<unknown>]);
      }
    }
    expect(actions.map(([name]) => name.split(": ")[1]).sort()).toEqual(
      expect.arrayContaining([
        "addInternalNoteAction",
        "assignTicketAction",
        "reactivateStoreAction",
        "replyToTicketAction",
        "setTicketStatusAction",
        "suspendStoreAction",
      ]),
    );
    // Valid for every action's schema, so a refusal can only come from the role check.
    const input = {
      storeId: store.id,
      reason: "No reason at all",
      ticketId,
      message: "Hello from nobody",
      assigneeId: staff.id,
      status: "solved",
    };
    const refusal = { ok: false, formError: "Only platform staff can do this. Sign in again.", fieldErrors: {} };
    fakeRequest.host = env.ROOT_DOMAIN;
    for (const caller of [null, owner]) {
      fakeRequest.user = caller;
      for (const [name, action] of actions) {
        expect(await action(input), name).toEqual(refusal);
        expect(await action({}), `${name}, empty input`).toEqual(refusal);
      }
    }
    const db = await getDb();
    const [unchanged] = await db.select().from(stores).where(eq(stores.id, store.id));
    expect(unchanged!.status).toBe("active");
    const ticket = await getTicketForStaff(ticketId);
    expect(ticket).toMatchObject({ status: "open", assignedTo: null });
    const [messages] = await db
      .select({ n: count() })
      .from(supportMessages)
      .where(eq(supportMessages.ticketId, ticketId));
    expect(messages!.n).toBe(1);
    const [audited] = await db.select({ n: count() }).from(staffAuditLog).where(eq(staffAuditLog.storeId, store.id));
    expect(audited!.n).toBe(0);

    // The same input as staff: not refused, and valid for every action (no field errors).
    fakeRequest.user = staff;
    for (const [name, action] of actions) {
      const result = (await action(input)) as { ok: boolean; formError?: string; fieldErrors?: object };
      expect(result, name).not.toEqual(refusal);
      if (!result.ok) expect(result.fieldErrors, name).toEqual({});
    }

    fakeRequest.user = staff;
    const fresh = (await createOwnerWithStore()).store;
    expect(await staffActions.suspendStoreAction({ storeId: fresh.id, reason: "x" })).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.stringContaining("Give the reason") },
    });
    expect(await staffActions.suspendStoreAction({ storeId: fresh.id, reason: "Unpaid hosting" })).toMatchObject({
      ok: true,
    });
    const [suspended] = await db.select().from(stores).where(eq(stores.id, fresh.id));
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
