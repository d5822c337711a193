import { beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { decodeCursor } from "@/lib/pagination";
import { createOwnerWithStore } from "@/test/factories";
import { rankedKeys, tamperedCursors, walkPages } from "@/test/paged-rows";
import { listEmails } from "./outbox";

// Opening (and migrating) the database is slow; it belongs to the hook, not a test's time limit.
beforeAll(() => getDb());

const ranks = (count: number) => Array.from({ length: count }, (_, rank) => rank);
const STATUSES = ["sent", "pending", "held"] as const;

/** `count` mails of a store (null: platform mail) with subjects `<label> <rank>`, rank 0 newest. */
async function seedMail(storeId: string | null, count: number, label = "mail") {
  const db = await getDb();
  await db.insert(emailOutbox).values(
    rankedKeys(count).map(({ id, at }, rank) => ({
      id,
      storeId,
      kind: "test",
      toAddress: `buyer${rank}@example.test`,
      subject: `${label} ${rank}`,
      html: "<p>Hi</p>",
      text: "Hi",
      status: STATUSES[rank % STATUSES.length]!,
      createdAt: at,
    })),
  );
}

describe("the email log", () => {
  it("pages through every mail once, newest first, 50 at a time, and only this store's", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    await seedMail(store.id, 130);
    await seedMail(other.id, 60, "other");
    await seedMail(null, 10, "platform");

    const { rows, pageSizes } = await walkPages((cursor) => listEmails(store.id, { cursor }));
    // Page ends fall inside mail of one exact instant (50) and of one millisecond (100).
    expect(pageSizes).toEqual([50, 50, 30]);
    expect(rows.map((m) => m.subject)).toEqual(ranks(130).map((rank) => `mail ${rank}`));
    expect(rows.every((m) => m.storeId === store.id)).toBe(true);
    expect(rows[0]).not.toHaveProperty("html");
    expect(rows[0]).not.toHaveProperty("at");
  });

  it("filters by status, across pages, and finds held mail beyond the first page", async () => {
    const { store } = await createOwnerWithStore();
    await seedMail(store.id, 130);
    const heldRank = STATUSES.indexOf("held");
    const { rows, pageSizes } = await walkPages((cursor) => listEmails(store.id, { status: "held", cursor, limit: 9 }));
    expect(pageSizes.length).toBeGreaterThan(1);
    expect(rows.map((m) => m.subject)).toEqual(
      ranks(130)
        .filter((rank) => rank % STATUSES.length === heldRank)
        .map((rank) => `mail ${rank}`),
    );

    // The page's warning asks for one held mail anywhere in the log, not on the page shown.
    const { store: quiet } = await createOwnerWithStore();
    const db = await getDb();
    const mail = (subject: string, status: "held" | "sent", createdAt?: Date) => ({
      storeId: quiet.id,
      kind: "test",
      toAddress: "buyer@example.test",
      subject,
      html: "h",
      text: "t",
      status,
      createdAt,
    });
    await db.insert(emailOutbox).values(mail("old", "held", new Date("2026-01-01T00:00:00Z")));
    await db.insert(emailOutbox).values(ranks(60).map((rank) => mail(`new ${rank}`, "sent")));
    const firstPage = await listEmails(quiet.id);
    expect(firstPage.rows.some((m) => m.status === "held")).toBe(false);
    expect((await listEmails(quiet.id, { status: "held", limit: 1 })).rows.map((m) => m.subject)).toEqual(["old"]);
  });

  it("starts over when the cursor in the URL was tampered with", async () => {
    const { store } = await createOwnerWithStore();
    await seedMail(store.id, 60);
    const first = await listEmails(store.id);
    expect(first.nextCursor).not.toBeNull();
    for (const raw of tamperedCursors(first.nextCursor!)) {
      const cursor = decodeCursor(raw);
      expect(cursor, raw).toBeNull();
      expect((await listEmails(store.id, { cursor })).rows.map((m) => m.id)).toEqual(first.rows.map((m) => m.id));
    }
  });
});
