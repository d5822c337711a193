import { randomBytes } from "node:crypto";
import { and, eq, ilike } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  emailOutbox,
  staffAuditLog,
  storeEmailSettings,
  storeStripeSettings,
  supportTickets,
  users,
  webhookDeliveries,
  type Store,
  type User,
} from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveEmailSettings } from "@/lib/email/settings";
import { createStaffAccount } from "@/lib/staff/staff-accounts";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { storeUrl } from "@/lib/tenancy/stores";
import { createOwnerWithStore } from "@/test/factories";
import { createSandboxAccount } from "@/test/sandbox-account";
import { testSecret } from "@/test/stripe-events";
import { sealSnapshot, takeContextSnapshot } from "./context-snapshot";
import { OWNER_MESSAGE_MAIL_KIND, STAFF_REPLY_MAIL_KIND } from "./notifications";
import {
  addInternalNote,
  assignTicket,
  getTicketForStaff,
  listTicketQueue,
  oldestOpenSince,
  queueQuery,
  replyAsStaff,
  setTicketStatus,
} from "./staff-tickets";
import { getStoreTicket, openTicket, replyAsOwner } from "./tickets";
import type { TicketCategoryName } from "./ticket-fields";

const unique = () => randomBytes(4).toString("hex");
const HOUR = 60 * 60 * 1000;

type Owner = { store: Store; user: User };

async function staffMember(): Promise<User> {
  const account = await createStaffAccount(`staff-${unique()}@example.test`);
  const [user] = await (await getDb()).select().from(users).where(eq(users.email, account.email));
  return user!;
}

/** Opens a ticket as the owner does: with the snapshot the form showed them, sealed. */
async function openTicketAs(
  owner: Owner,
  fields: { category?: TicketCategoryName; message?: string; now?: Date } = {},
) {
  const now = fields.now ?? new Date();
  const sealed = sealSnapshot(owner.store.id, await takeContextSnapshot(owner.store, now));
  const subject = `Help ${unique()}`;
  const { id } = await openTicket(
    { store: owner.store, user: owner.user, role: "owner" },
    {
      subject,
      category: fields.category ?? "payments",
      message: fields.message ?? "Stripe shows the payment, but no order was created.",
      snapshotJson: sealed.json,
      snapshotSeal: sealed.seal,
    },
    now,
  );
  return { id, subject };
}

const queueOf = async (raw: Record<string, string>) =>
  (await listTicketQueue(queueQuery.parse(raw))).rows.map((row) => row.id);

/** The mail queued about one ticket (its subject is unique to the test), by kind. */
async function mailAbout(subject: string, kind: string) {
  return (await getDb())
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, kind), ilike(emailOutbox.subject, `%${subject}`)));
}

describe("the staff ticket queue", () => {
  it("lists a new ticket under Open, longest waiting first, and filters by status, category and store", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    const now = Date.now();
    const older = await openTicketAs(a, { now: new Date(now - HOUR) });
    const newer = await openTicketAs(a, { category: "email", now: new Date(now) });
    const elsewhere = await openTicketAs(b, { category: "email" });

    expect(await queueOf({ store: a.store.subdomain })).toEqual([older.id, newer.id]);
    expect(await queueOf({ status: "solved", store: a.store.subdomain })).toEqual([]);
    expect(await queueOf({ status: "all", store: a.store.subdomain })).toEqual([older.id, newer.id]);
    expect(await queueOf({ category: "email", store: a.store.subdomain })).toEqual([newer.id]);
    expect(await queueOf({ category: "payments", store: a.store.subdomain })).toEqual([older.id]);
    const emailTickets = await queueOf({ category: "email" });
    expect(emailTickets).toEqual(expect.arrayContaining([newer.id, elsewhere.id]));
    expect(emailTickets).not.toContain(older.id);

    const { rows } = await listTicketQueue(queueQuery.parse({ store: b.store.subdomain }));
    expect(rows).toEqual([
      expect.objectContaining({
        id: elsewhere.id,
        subject: elsewhere.subject,
        subdomain: b.store.subdomain,
        openedByEmail: b.user.email,
        category: "email",
        status: "open",
        assigneeEmail: null,
      }),
    ]);
    expect((await oldestOpenSince())!.getTime()).toBeLessThanOrEqual(now - HOUR);

    // Whatever the URL says, the queue gets a query it can run: bad values fall back to the defaults.
    expect(queueQuery.parse({ status: "deleted", category: "spam", store: "Not a subdomain!" })).toEqual({
      status: "open",
      category: undefined,
      store: undefined,
    });
  });
});

describe("staff replies and notes", () => {
  it("email the opener once per reply, after opening the ticket emailed every staff member once", async () => {
    const [first, second] = [await staffMember(), await staffMember()];
    const owner = await createOwnerWithStore();
    const ticket = await openTicketAs(owner);

    const toStaff = await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND);
    for (const staff of [first!, second!]) {
      expect(toStaff.filter((mail) => mail.toAddress === staff.email)).toHaveLength(1);
    }
    expect(toStaff.map((mail) => mail.toAddress)).not.toContain(owner.user.email);
    expect(toStaff.every((mail) => mail.storeId === null)).toBe(true);

    const reply = "Set the endpoint URL to\n  https://your-store/shop/webhook/\nand resend the event.";
    await replyAsStaff(first!, { ticketId: ticket.id, message: reply });
    expect((await getTicketForStaff(ticket.id))!.status).toBe("waiting_on_owner");
    const [mail, ...more] = await mailAbout(ticket.subject, STAFF_REPLY_MAIL_KIND);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ storeId: null, toAddress: owner.user.email, subject: `Re: ${ticket.subject}` });
    expect(mail!.text).toContain("resend the event.");
    expect(mail!.text).toContain(storeUrl(owner.store, `/admin/help/${ticket.id}`));

    await replyAsStaff(first!, { ticketId: ticket.id, message: "Any luck?", status: "solved" });
    expect((await getTicketForStaff(ticket.id))!.status).toBe("solved");
    const replies = await mailAbout(ticket.subject, STAFF_REPLY_MAIL_KIND);
    expect(replies).toHaveLength(2);
    expect(replies.filter((m) => m.text.includes("resend the event."))).toHaveLength(1);
    expect(replies.filter((m) => m.text.includes("Any luck?"))).toHaveLength(1);
    // Staff's replies are not announced to staff.
    expect(await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND)).toHaveLength(toStaff.length);
  });

  it("keeps an internal note for staff only: the owner's thread lacks it and nobody is emailed", async () => {
    const staff = await staffMember();
    const owner = await createOwnerWithStore();
    const ticket = await openTicketAs(owner);
    const mailBefore = [
      ...(await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND)),
      ...(await mailAbout(ticket.subject, STAFF_REPLY_MAIL_KIND)),
    ].length;

    await addInternalNote(staff, { ticketId: ticket.id, message: "Probably the wrong secret again." });

    const forStaff = await getTicketForStaff(ticket.id);
    expect(forStaff!.status).toBe("open");
    expect(forStaff!.messages.at(-1)).toMatchObject({
      internal: true,
      fromStaff: true,
      authorEmail: staff.email,
      body: "Probably the wrong secret again.",
    });
    const forOwner = await getStoreTicket(owner.store.id, ticket.id);
    expect(forOwner!.messages).toHaveLength(1);
    expect(JSON.stringify(forOwner)).not.toContain("wrong secret again");
    const mailAfter = [
      ...(await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND)),
      ...(await mailAbout(ticket.subject, STAFF_REPLY_MAIL_KIND)),
    ].length;
    expect(mailAfter).toBe(mailBefore);
  });
});

describe("assigning and status", () => {
  it("assign only to staff, tell the assignee alone when the owner writes, and refuse a status the ticket has", async () => {
    const [staff, assignee] = [await staffMember(), await staffMember()];
    const owner = await createOwnerWithStore();
    const ticket = await openTicketAs(owner);

    await expect(assignTicket(staff!, { ticketId: ticket.id, assigneeId: owner.user.id })).rejects.toMatchObject({
      code: "not_staff",
      fieldErrors: { assigneeId: "Choose a staff member." },
    });
    expect((await getTicketForStaff(ticket.id))!.assignedTo).toBeNull();

    await assignTicket(staff!, { ticketId: ticket.id, assigneeId: assignee!.id });
    expect((await getTicketForStaff(ticket.id))!.assignedTo).toBe(assignee!.id);
    const { rows } = await listTicketQueue(queueQuery.parse({ store: owner.store.subdomain }));
    expect(rows[0]).toMatchObject({ id: ticket.id, assigneeEmail: assignee!.email });

    const opened = await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND);
    await replyAsOwner(
      { store: owner.store, user: owner.user, role: "owner" },
      { ticketId: ticket.id, message: "Still no orders." },
    );
    const afterReply = await mailAbout(ticket.subject, OWNER_MESSAGE_MAIL_KIND);
    expect(afterReply.filter((m) => !opened.some((o) => o.id === m.id)).map((m) => m.toAddress)).toEqual([
      assignee!.email,
    ]);

    await setTicketStatus(staff!, { ticketId: ticket.id, status: "solved" });
    expect((await getTicketForStaff(ticket.id))!.status).toBe("solved");
    await expect(setTicketStatus(staff!, { ticketId: ticket.id, status: "solved" })).rejects.toMatchObject({
      code: "same_status",
    });
  });

  it("records every staff action on the ticket in the audit log, and nothing for a refused one", async () => {
    const staff = await staffMember();
    const owner = await createOwnerWithStore();
    const ticket = await openTicketAs(owner);

    await replyAsStaff(staff, { ticketId: ticket.id, message: "Looking into it." });
    await addInternalNote(staff, { ticketId: ticket.id, message: "Checked the deliveries." });
    await assignTicket(staff, { ticketId: ticket.id, assigneeId: staff.id });
    await assignTicket(staff, { ticketId: ticket.id, assigneeId: owner.user.id }).catch(() => undefined);
    await setTicketStatus(staff, { ticketId: ticket.id, status: "open" });

    const entries = await (
      await getDb()
    )
      .select()
      .from(staffAuditLog)
      .where(eq(staffAuditLog.ticketId, ticket.id))
      .orderBy(staffAuditLog.createdAt);
    expect(entries.map((e) => e.action)).toEqual(["ticket.reply", "ticket.note", "ticket.assign", "ticket.status"]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ staffUserId: staff.id, staffEmail: staff.email, storeId: owner.store.id });
      expect(entry.detail).toContain(ticket.subject);
    }
  });
});

describe("a ticket's context snapshot", () => {
  it("carries none of the store's secrets, nor their masked hints", async () => {
    const owner = await createOwnerWithStore({ emailVerified: true });
    const sandbox = await createSandboxAccount();
    const secrets = {
      testSecretKey: sandbox.keys.test.secret,
      testWebhookSecret: testSecret("whsec"),
      liveSecretKey: sandbox.keys.live.secret,
      liveWebhookSecret: testSecret("whsec"),
    };
    await saveStripeSettings(owner.store.id, {
      ...secrets,
      testPublishableKey: sandbox.keys.test.publishable,
      livePublishableKey: sandbox.keys.live.publishable,
      liveMode: false,
    });
    const resendApiKey = `re_${randomBytes(16).toString("hex")}`;
    await saveEmailSettings(owner.store.id, { resendApiKey, fromAddress: "shop@example.test" });
    const db = await getDb();
    await db
      .insert(webhookDeliveries)
      .values({ storeId: owner.store.id, outcome: "failed", httpStatus: 500, durationMs: 3 });

    const [stripeRow] = await db
      .select()
      .from(storeStripeSettings)
      .where(eq(storeStripeSettings.storeId, owner.store.id));
    const [emailRow] = await db.select().from(storeEmailSettings).where(eq(storeEmailSettings.storeId, owner.store.id));
    const hints = [
      stripeRow!.testSecretKeyHint,
      stripeRow!.testWebhookSecretHint,
      stripeRow!.liveSecretKeyHint,
      stripeRow!.liveWebhookSecretHint,
      emailRow!.resendApiKeyHint,
    ];
    // The hints exist (so their absence below means something) and look like what the dashboard shows.
    expect(hints.every((hint) => typeof hint === "string" && hint.includes("…"))).toBe(true);

    const ticket = await openTicketAs(owner);
    const forStaff = await getTicketForStaff(ticket.id);
    expect(forStaff!.snapshot).toMatchObject({
      store: { subdomain: owner.store.subdomain },
      deliveries: [expect.objectContaining({ outcome: "failed" })],
    });
    const [row] = await db.select().from(supportTickets).where(eq(supportTickets.id, ticket.id));
    for (const serialized of [JSON.stringify(forStaff), JSON.stringify(row)]) {
      for (const secret of [...Object.values(secrets), resendApiKey, ...hints]) {
        expect(serialized).not.toContain(secret!);
      }
      expect(serialized).not.toMatch(/\b(?:sk_test_|sk_live_|rk_test_|rk_live_|whsec_|re_)/);
    }
  });
});
