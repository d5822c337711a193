import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { emailOutbox } from "@/db/schema";
import { getDb } from "@/lib/db";
import { enqueueEmail, processDueEmails } from "./outbox";

// The platform's own Resend settings and the stand-in, set before lib/env is first read.
const PLATFORM_KEY = "re_PlatformKeyForTests1234567890";
const resend = await vi.hoisted(async () => {
  const { startResendStandIn } = await import("../../test/resend-stand-in");
  const standIn = await startResendStandIn();
  process.env.RESEND_BASE_URL = standIn.url;
  process.env.PLATFORM_RESEND_API_KEY = "re_PlatformKeyForTests1234567890";
  process.env.PLATFORM_MAIL_FROM = "Storehost <no-reply@platform.example>";
  return standIn;
});
afterAll(() => resend.close());

describe("platform mail", () => {
  it("goes out with the platform's own Resend settings, not held, when they are configured", async () => {
    const db = await getDb();
    const to = `owner-${crypto.randomUUID()}@example.test`;
    const dedupeKey = `verify:${crypto.randomUUID()}`;
    await enqueueEmail(db, {
      storeId: null,
      kind: "email_verification",
      to,
      subject: "Confirm",
      html: "<p>Hi</p>",
      text: "Hi",
      dedupeKey,
    });

    // Platform mail only, and all of it: on Postgres, test files share the outbox, and
    // others (support, billing) queue platform mail that would fill a default batch first.
    const report = await processDueEmails({ storeId: null, now: new Date(Date.now() + 1000), limit: 1000 });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, dedupeKey));
    expect(row?.status).toBe("sent");
    const mail = resend.received.find((m) => m.to === to || (Array.isArray(m.to) && m.to.includes(to)));
    expect(mail).toMatchObject({
      apiKey: PLATFORM_KEY,
      from: "Storehost <no-reply@platform.example>",
      subject: "Confirm",
    });
  });
});
