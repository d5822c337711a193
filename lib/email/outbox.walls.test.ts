import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore } from "@/test/factories";
import { barrier, postgresUrl, watcher } from "@/test/overlap";
import { enqueueEmail, processDueEmails } from "./outbox";
import { saveEmailSettings } from "./settings";

// The stand-in must listen before lib/env reads RESEND_BASE_URL, i.e. before the imports above.
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  return standIn;
});

// Lets the test hold sends until several runs are sending at the same moment.
const gate = vi.hoisted(() => ({ arrive: null as null | (() => Promise<void>) }));
vi.mock("./sender", async (importOriginal) => {
  const original = await importOriginal<typeof import("./sender")>();
  return {
    ...original,
    sendWithResend: async (...args: Parameters<typeof original.sendWithResend>) => {
      await gate.arrive?.();
      return original.sendWithResend(...args);
    },
  };
});

beforeAll(() => getDb());
afterAll(() => resend.close());

describe.runIf(postgresUrl)("outbox runs under a real race, on Postgres", () => {
  it("runs that overlap, beside a claim still open, each send a mail of their own exactly once", async () => {
    const { store } = await createOwnerWithStore();
    await saveEmailSettings(store.id, { resendApiKey: "re_Abcdefghijklmnopqrstuvwxyz", fromAddress: "a@example.test" });
    const db = await getDb();
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      const dedupeKey = `walls:${randomUUID()}`;
      await enqueueEmail(db, {
        storeId: store.id,
        kind: "test",
        to: "buyer@example.test",
        subject: `Mail ${i}`,
        html: "<p>Hi</p>",
        text: "Hi",
        dedupeKey,
      });
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, dedupeKey));
      ids.push(row!.id);
    }
    const now = new Date(Date.now() + 1000);
    const sentTo = (mailIds: string[]) =>
      resend.received.filter((m) => mailIds.some((id) => m.idempotencyKey === `outbox-${id}`));

    // Another run's claim, still open: it holds five of the due mails; nine are free.
    const held = ids.slice(0, 5);
    const free = ids.slice(5);
    const client = await watcher();
    try {
      await client.query("begin");
      await client.query("select id from email_outbox where id = any($1) for update", [held]);

      // Three runs at once; none may send until all three are sending, so their claims overlap.
      const runs = 3;
      const together = barrier(runs, 4_000);
      let noOverlap: string | null = null;
      let sends = 0;
      gate.arrive = async () => {
        if (++sends > runs) return;
        await together.arrive().catch((error: Error) => void (noOverlap = error.message));
      };
      const reports = Promise.all(
        Array.from({ length: runs }, () => processDueEmails({ storeId: store.id, limit: 3, now })),
      );
      // They finish while the other claim is still open: its mails are skipped, not waited for.
      const finished = await Promise.race([
        reports.then((r) => r),
        new Promise<"waited on the open claim">((resolve) =>
          setTimeout(() => resolve("waited on the open claim"), 20_000),
        ),
      ]);
      expect(noOverlap).toBeNull();
      expect(finished).not.toBe("waited on the open claim");
      const report = finished as Awaited<typeof reports>;
      expect(report.map((r) => r.sent)).toEqual([3, 3, 3]);
      expect(sentTo(held)).toEqual([]);
      const rows = await db.select().from(emailOutbox).where(inArray(emailOutbox.id, held));
      expect(rows.map((r) => r.attempts)).toEqual([0, 0, 0, 0, 0]);
      await client.query("commit");
    } finally {
      gate.arrive = null;
      await client.end();
    }

    await processDueEmails({ storeId: store.id, limit: 20, now });
    for (const id of [...held, ...free]) expect(sentTo([id]), id).toHaveLength(1);
    const all = await db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
    expect(all.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});
