import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { createElement, Fragment, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { users, type Store, type User } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createStaffAccount } from "@/lib/staff/staff-accounts";
import type { SealedSnapshot } from "@/lib/support/context-snapshot";
import { addInternalNote, replyAsStaff } from "@/lib/support/staff-tickets";
import { ATTACHMENT_MAX_BYTES, MESSAGE_MAX } from "@/lib/support/ticket-fields";
import { getStoreTicket, listStoreTickets, TICKETS_PER_HOUR } from "@/lib/support/tickets";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { hostOf } from "@/test/store-surface";
import { POST as uploadAttachment } from "@/app/api/uploads/support/attachments/route";
import { openTicketAction, replyToTicketAction } from "./actions";
import { GET as openAttachment } from "./attachments/[attachmentId]/route";
import { NewTicketForm } from "./new-ticket-form";
import HelpPage from "./page";
import TicketPage from "./[id]/page";
import NewTicketPage from "./new/page";

/*
 * Admin → Help, driven as the browser would: the contact form sends the snapshot its own
 * page sealed, the thread page is rendered to HTML, uploads go through the upload route.
 */
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());
// The forms' router is the browser's; rendered to HTML here, they never use it.
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ push: () => {}, refresh: () => {} }),
}));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

type Owner = { store: Store; user: User };

let a: Owner;
let b: Owner;

beforeAll(async () => {
  a = await createOwnerWithStore();
  b = await createOwnerWithStore();
});

/** A request on `on`'s host, signed in as `as` (or signed out). */
function request(on: Owner, as: Owner | null) {
  fakeRequest.host = hostOf(on.store);
  fakeRequest.cookies = new Map();
  fakeRequest.user = as?.user ?? null;
}

function findElement(node: ReactNode, match: (element: ReactElement) => boolean): ReactElement | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findElement(child as ReactNode, match);
      if (found) return found;
    }
    return null;
  }
  if (!isValidElement(node)) return null;
  if (match(node)) return node;
  return findElement((node.props as { children?: ReactNode }).children, match);
}

/** A page as its owner's browser gets it, inside the admin frame (the frame itself is not rendered). */
async function renderPage<P extends { store: string }>(
  page: (props: { params: Promise<P> }) => Promise<ReactElement>,
  owner: Owner,
  params: Omit<P, "store">,
) {
  const element = await page({ params: Promise.resolve({ ...params, store: owner.store.subdomain } as P) });
  const content = (element.props as { children: ReactNode }).children;
  return { element, html: renderToStaticMarkup(createElement(Fragment, null, content)) };
}

/** The sealed snapshot the New request page hands its form, and what the page shows of it. */
async function newRequestPage(owner: Owner): Promise<{ sealed: SealedSnapshot; html: string }> {
  request(owner, owner);
  const { element, html } = await renderPage(NewTicketPage, owner, {});
  const form = findElement(element, (e) => e.type === NewTicketForm);
  expect(form).not.toBeNull();
  return { sealed: (form!.props as { sealed: SealedSnapshot }).sealed, html };
}

const ticketInput = (sealed: SealedSnapshot, fields: Record<string, unknown> = {}) => ({
  subject: "Stripe shows a payment but no order",
  category: "payments",
  message: "A buyer paid at 10:02 and no order appeared.",
  attachmentIds: [],
  snapshotJson: sealed.json,
  snapshotSeal: sealed.seal,
  ...fields,
});

async function openTicketFor(owner: Owner, fields: Record<string, unknown> = {}): Promise<string> {
  const { sealed } = await newRequestPage(owner);
  const result = await openTicketAction(ticketInput(sealed, fields));
  if (!result.ok) throw new Error(`ticket refused: ${JSON.stringify(result)}`);
  return result.data.id;
}

async function threadHtml(owner: Owner, ticketId: string): Promise<string> {
  request(owner, owner);
  const { element } = await renderPage(TicketPage, owner, { id: ticketId });
  const thread = findElement(
    element,
    (e) => (e.props as { "data-testid"?: string })["data-testid"] === "support-thread",
  );
  expect(thread).not.toBeNull();
  return renderToStaticMarkup(thread!);
}

describe("opening a support request", () => {
  it("sends the context the New request page showed; the ticket is listed in Help and its thread opens", async () => {
    const { sealed, html } = await newRequestPage(a);
    expect(html).toContain("Shared with Storehost support");
    expect(html).toContain(a.store.subdomain);
    expect(html).toContain("Launch checklist");
    expect(html).toContain("Choose…");

    request(a, a);
    const result = await openTicketAction(ticketInput(sealed, { subject: "  No order after payment  " }));
    expect(result).toEqual({ ok: true, data: { id: expect.any(String) } });
    const id = (result as { data: { id: string } }).data.id;
    expect(await listStoreTickets(a.store.id)).toEqual([
      expect.objectContaining({ id, subject: "No order after payment", category: "payments", status: "open" }),
    ]);
    const stored = await getStoreTicket(a.store.id, id);
    expect(stored!.ticket.snapshot).toEqual(JSON.parse(sealed.json));

    const list = await renderPage(HelpPage, a, {});
    expect(list.html).toContain(`href="/admin/help/${id}"`);
    expect(list.html).toContain("Payments and webhooks");
    expect(list.html).toContain("Waiting for support");

    const page = await renderPage(TicketPage, a, { id });
    expect(page.html).toContain("No order after payment");
    expect(page.html).toContain("Context shared when this request was sent");
    expect(await threadHtml(a, id)).toContain("A buyer paid at 10:02 and no order appeared.");
  });

  it("explains what Help is for while the store has no requests", async () => {
    request(b, b);
    const { html } = await renderPage(HelpPage, b, {});
    expect(html).toContain("Stripe shows the payment but no order was created?");
    expect(html).toContain('href="/admin/help/new"');
  });

  it("answers an empty subject or a too long message beside the field, and opens nothing", async () => {
    const { sealed } = await newRequestPage(b);
    const before = (await listStoreTickets(b.store.id)).length;
    request(b, b);
    expect(await openTicketAction(ticketInput(sealed, { subject: "   ", category: "" }))).toEqual({
      ok: false,
      fieldErrors: { subject: "Give your request a subject.", category: "Choose a category." },
    });
    expect(await openTicketAction(ticketInput(sealed, { message: "x".repeat(MESSAGE_MAX + 1) }))).toEqual({
      ok: false,
      fieldErrors: { message: "Keep the message under 5,000 characters." },
    });
    expect(await listStoreTickets(b.store.id)).toHaveLength(before);
  });

  it("refuses a snapshot changed after the page sealed it, with a form error about the context", async () => {
    const { sealed } = await newRequestPage(b);
    const edited = JSON.parse(sealed.json) as { activeMode: string; store: { name: string } };
    edited.activeMode = edited.activeMode === "live" ? "test" : "live";
    const before = (await listStoreTickets(b.store.id)).length;
    request(b, b);
    const result = await openTicketAction(ticketInput({ json: JSON.stringify(edited), seal: sealed.seal }));
    expect(result).toMatchObject({ ok: false, formError: expect.stringMatching(/store context shown with this form/) });
    // Another store's sealed snapshot does not pass for this one either.
    const { sealed: ofA } = await newRequestPage(a);
    request(b, b);
    expect(await openTicketAction(ticketInput(ofA))).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/store context shown with this form/),
    });
    expect(await listStoreTickets(b.store.id)).toHaveLength(before);
  });

  it(`refuses the store's request number ${TICKETS_PER_HOUR + 1} within an hour`, async () => {
    fakeRequest.host = ""; // Signing up happens outside any store's request.
    const busy = await createOwnerWithStore();
    const { sealed } = await newRequestPage(busy);
    request(busy, busy);
    for (let i = 0; i < TICKETS_PER_HOUR; i++) {
      expect((await openTicketAction(ticketInput(sealed, { subject: `Request ${i}` }))).ok).toBe(true);
    }
    expect(await openTicketAction(ticketInput(sealed, { subject: "One too many" }))).toEqual({
      ok: false,
      formError: expect.stringMatching(/opened 5 requests in the last hour/),
      fieldErrors: {},
    });
    expect(await listStoreTickets(busy.store.id)).toHaveLength(TICKETS_PER_HOUR);
  });
});

describe("a request's thread", () => {
  it("is closed to another store's owner: no page, no reply, nothing added", async () => {
    const id = await openTicketFor(a, { subject: "Only for A" });
    const before = (await getStoreTicket(a.store.id, id))!.messages.length;

    request(b, b);
    expect(await outcomeOf(() => TicketPage({ params: Promise.resolve({ store: b.store.subdomain, id }) }))).toBe(
      "404",
    );
    expect(await replyToTicketAction({ ticketId: id, message: "Let me in" })).toEqual({
      ok: false,
      formError: "No such support request.",
      fieldErrors: {},
    });
    // On A's own host, B's owner is not a member.
    request(a, b);
    expect(await replyToTicketAction({ ticketId: id, message: "Let me in" })).toEqual({
      ok: false,
      formError: "You are not a member of this store.",
      fieldErrors: {},
    });
    expect((await getStoreTicket(a.store.id, id))!.messages).toHaveLength(before);
    expect((await listStoreTickets(b.store.id)).map((t) => t.id)).not.toContain(id);
  });

  it("shows staff's replies as Storehost support, never a staff address, and never an internal note", async () => {
    const id = await openTicketFor(a, { subject: "Webhook refused" });
    const staffEmail = `staff-${randomBytes(4).toString("hex")}@example.test`;
    await createStaffAccount(staffEmail);
    const [staff] = await (await getDb()).select().from(users).where(eq(users.email, staffEmail));
    await addInternalNote(staff!, { ticketId: id, message: "Internal: the owner pasted the live secret in test" });
    await replyAsStaff(staff!, { ticketId: id, message: "Your signing secret is for the other mode." });

    const html = await threadHtml(a, id);
    expect(html).toContain("Your signing secret is for the other mode.");
    expect(html).toContain("Storehost support");
    expect(html).toContain(">You<");
    expect(html).not.toContain("Internal: the owner pasted");
    expect(html).not.toContain(staffEmail);
    const { messages, ticket } = (await getStoreTicket(a.store.id, id))!;
    expect(messages.map((m) => m.internal)).toEqual([false, false]);
    expect(ticket.status).toBe("waiting_on_owner");

    const page = await renderPage(TicketPage, a, { id });
    expect(page.html).toContain("Support replied");
    expect(page.html).not.toContain("Internal: the owner pasted");
  });

  it("shows the owner's markup as the text they typed, never as HTML or Markdown", async () => {
    const id = await openTicketFor(a, { subject: "Markup" });
    request(a, a);
    const body = "<script>alert(1)</script> and **bold**\n<img src=x onerror=alert(2)>";
    expect(await replyToTicketAction({ ticketId: id, message: body })).toEqual({ ok: true, data: undefined });
    const html = await threadHtml(a, id);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; and **bold**\n&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<strong>");
    expect(html).not.toContain("<img");
  });
});

/** POST /api/uploads/support/attachments on `on`'s host, as the attachments field sends a file. */
async function upload(on: Owner, as: Owner | null, name: string, body: BodyInit, length?: number) {
  request(on, as);
  const headers: Record<string, string> = { host: hostOf(on.store), "x-file-name": encodeURIComponent(name) };
  if (length !== undefined) headers["content-length"] = String(length);
  const response = await uploadAttachment(
    new Request(`http://${hostOf(on.store)}/api/uploads/support/attachments`, {
      method: "POST",
      headers,
      body,
      duplex: "half",
    } as RequestInit),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function attachmentGet(on: Owner, as: Owner | null, attachmentId: string) {
  request(on, as);
  return openAttachment(new Request(`http://${hostOf(on.store)}/admin/help/attachments/${attachmentId}`), {
    params: Promise.resolve({ store: on.store.subdomain, attachmentId }),
  });
}

describe("attachments", () => {
  const png = () =>
    sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } })
      .png()
      .toBuffer();

  it("accepts a PNG, sends it with a reply, and serves it to the store's members only", async () => {
    const bytes = await png();
    const uploaded = await upload(a, a, "checkout screenshot.png", new Uint8Array(bytes), bytes.byteLength);
    expect(uploaded).toEqual({
      status: 201,
      body: {
        id: expect.any(String),
        fileName: "checkout screenshot.png",
        contentType: "image/png",
        sizeBytes: bytes.byteLength,
      },
    });
    const attachmentId = uploaded.body.id as string;

    const id = await openTicketFor(a, { subject: "With a screenshot" });
    request(a, a);
    expect(
      await replyToTicketAction({ ticketId: id, message: "See the screenshot.", attachmentIds: [attachmentId] }),
    ).toMatchObject({ ok: true });
    expect(await threadHtml(a, id)).toContain(`href="/admin/help/attachments/${attachmentId}"`);

    const served = await attachmentGet(a, a, attachmentId);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);

    const stranger = await attachmentGet(a, b, attachmentId);
    expect([stranger.status, await stranger.text()]).toEqual([403, "You are not a member of this store."]);
    const signedOut = await attachmentGet(a, null, attachmentId);
    expect([signedOut.status, await signedOut.text()]).toEqual([401, "Your session has ended. Sign in again."]);
    // B's owner on B's own host: A's attachment is not one of B's.
    expect((await attachmentGet(b, b, attachmentId)).status).toBe(404);
    // A file sent in once cannot be attached again, by anyone.
    const ofB = await openTicketFor(b, { subject: "Borrowing" });
    request(b, b);
    expect(
      await replyToTicketAction({ ticketId: ofB, message: "Mine now", attachmentIds: [attachmentId] }),
    ).toMatchObject({ ok: false, fieldErrors: { attachments: expect.stringMatching(/no longer available/) } });
  });

  it("refuses a text file named .png with 415 and says what to attach", async () => {
    const text = new TextEncoder().encode("just some notes, not a picture");
    expect(await upload(a, a, "notes.png", text, text.byteLength)).toMatchObject({
      status: 415,
      body: {
        error: "notes.png is not a screenshot or a PDF. Attach PNG, JPEG, GIF, WebP or PDF files.",
        fieldErrors: {
          attachments: "notes.png is not a screenshot or a PDF. Attach PNG, JPEG, GIF, WebP or PDF files.",
        },
      },
    });
  });

  it("refuses a file over 10 MB with 413, whether its length is declared or it just keeps coming", async () => {
    const tooLarge = "Each attachment must be 10 MB or smaller.";
    const declared = await upload(a, a, "huge.png", new Uint8Array(16), ATTACHMENT_MAX_BYTES + 1);
    expect(declared).toMatchObject({ status: 413, body: { error: tooLarge } });

    // No Content-Length: the body is counted as it streams, and refused past the limit.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        if (sent > ATTACHMENT_MAX_BYTES + 4 * chunk.byteLength) controller.close();
      },
    });
    expect(await upload(a, a, "endless.png", endless)).toMatchObject({ status: 413, body: { error: tooLarge } });
  });
});
