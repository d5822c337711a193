import "server-only";
import { and, desc, eq, gt, inArray, lt, max, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { webhookDeliveries, webhookRefusals } from "@/db/schema";
import { getDb } from "@/lib/db";
import { BANNER_CODES, isRefusalCode, type RefusalCode } from "./refusal-codes";
import type { Claims } from "./screen";

const HOUR_MS = 3600_000;
/** Samples kept per store, hour and diagnosis; the count goes on without them. */
const MAX_SAMPLES = 3;
const EXCERPT_CHARS = 300;
const EVENT_TYPE_CHARS = 100;
/** Older hours are deleted when a new hour starts, so the table stays bounded per store. */
const KEEP_DAYS = 30;
/** The banner looks back this far at most. */
const BANNER_HOURS = 72;

const refusalSample = z.object({
  at: z.string(),
  eventType: z.string().nullable(),
  livemode: z.boolean().nullable(),
  bodyExcerpt: z.string().nullable(),
});
const refusalSamples = z.array(refusalSample).catch([]);

/** One refusal as received: unverified, so shown only as inert text on the Webhooks page. */
export type RefusalSample = z.infer<typeof refusalSample>;

export type RefusalSummary = {
  id: string;
  hourStart: Date;
  code: RefusalCode;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  samples: RefusalSample[];
};

/** What the admin banner warns about: the latest refusal the owner can act on, and how many. */
export type RefusalAlarm = { code: RefusalCode; count: number; lastSeenAt: Date };

/**
 * Counts a refused delivery in its store's row for this hour and diagnosis, keeping a few
 * short samples. One atomic upsert, so concurrent refusals on several instances all count
 * and a flood of them costs one small row per hour and diagnosis. Returns the hour's count.
 */
export async function recordRefusal(input: {
  storeId: string;
  code: RefusalCode;
  claims: Claims;
  /** The raw body, or null when it was never read (too large). */
  rawBody: string | null;
  now?: Date;
}): Promise<number> {
  const now = input.now ?? new Date();
  const hourStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const sample: RefusalSample = {
    at: now.toISOString(),
    eventType: input.claims.type === null ? null : printable(input.claims.type, EVENT_TYPE_CHARS),
    livemode: input.claims.livemode,
    bodyExcerpt: input.rawBody === null ? null : printable(input.rawBody, EXCERPT_CHARS),
  };
  const db = await getDb();
  const [row] = await db
    .insert(webhookRefusals)
    .values({
      storeId: input.storeId,
      hourStart,
      diagnosisCode: input.code,
      count: 1,
      firstSeenAt: now,
      lastSeenAt: now,
      samples: [sample],
    })
    .onConflictDoUpdate({
      target: [webhookRefusals.storeId, webhookRefusals.hourStart, webhookRefusals.diagnosisCode],
      set: {
        count: sql`${webhookRefusals.count} + 1`,
        firstSeenAt: sql`least(${webhookRefusals.firstSeenAt}, excluded.first_seen_at)`,
        lastSeenAt: sql`greatest(${webhookRefusals.lastSeenAt}, excluded.last_seen_at)`,
        samples: sql`case when jsonb_array_length(${webhookRefusals.samples}) < ${MAX_SAMPLES}
          then ${webhookRefusals.samples} || excluded.samples else ${webhookRefusals.samples} end`,
      },
    })
    .returning({ count: webhookRefusals.count });
  const count = row?.count ?? 0;
  if (count === 1) {
    await db
      .delete(webhookRefusals)
      .where(
        and(
          eq(webhookRefusals.storeId, input.storeId),
          lt(webhookRefusals.hourStart, new Date(hourStart.getTime() - KEEP_DAYS * 24 * HOUR_MS)),
        ),
      );
  }
  return count;
}

/** The store's refusals per hour and diagnosis, newest hour first, for the Webhooks page. */
export async function listRefusals(storeId: string, limit = 48): Promise<RefusalSummary[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(webhookRefusals)
    .where(eq(webhookRefusals.storeId, storeId))
    .orderBy(desc(webhookRefusals.hourStart), desc(webhookRefusals.lastSeenAt))
    .limit(limit);
  return rows.flatMap((row) => {
    const code = row.diagnosisCode;
    if (!isRefusalCode(code)) return [];
    const { id, hourStart, count, firstSeenAt, lastSeenAt } = row;
    return [{ id, hourStart, code, count, firstSeenAt, lastSeenAt, samples: refusalSamples.parse(row.samples) }];
  });
}

/**
 * The banner's rule: refusals whose diagnosis the owner can act on (`BANNER_CODES`: each
 * needs a Stripe-format signature header, see refusal-codes.ts), seen within the last 72
 * hours and after the store's last verified delivery. A verified delivery proves Stripe
 * reaches the store with the right secret again, so older refusals stop counting.
 */
export async function refusalAlarm(storeId: string, now = new Date()): Promise<RefusalAlarm | null> {
  const db = await getDb();
  const [verified] = await db
    .select({ at: max(webhookDeliveries.receivedAt) })
    .from(webhookDeliveries)
    // Rows from before refusals moved to webhook_refusals may still be marked `refused`.
    .where(and(eq(webhookDeliveries.storeId, storeId), ne(webhookDeliveries.outcome, "refused")));
  const windowStart = new Date(now.getTime() - BANNER_HOURS * HOUR_MS);
  const since = verified?.at && verified.at > windowStart ? verified.at : windowStart;
  const rows = await db
    .select({
      code: webhookRefusals.diagnosisCode,
      count: webhookRefusals.count,
      lastSeenAt: webhookRefusals.lastSeenAt,
    })
    .from(webhookRefusals)
    .where(
      and(
        eq(webhookRefusals.storeId, storeId),
        inArray(webhookRefusals.diagnosisCode, BANNER_CODES),
        gt(webhookRefusals.lastSeenAt, since),
      ),
    )
    .orderBy(desc(webhookRefusals.lastSeenAt))
    .limit(BANNER_HOURS * BANNER_CODES.length);
  const latest = rows[0];
  if (!latest || !isRefusalCode(latest.code)) return null;
  return {
    code: latest.code,
    count: rows.reduce((sum, row) => sum + row.count, 0),
    lastSeenAt: latest.lastSeenAt,
  };
}

/**
 * A short, single-line, storable excerpt of untrusted text: control and format characters
 * (NUL, newlines, bidi overrides) become spaces, broken surrogates become U+FFFD, and the
 * result is cut to `chars` code points.
 */
export function printable(text: string, chars: number): string {
  const cleaned = text
    .slice(0, chars * 4)
    .replace(/\p{Cs}/gu, "\ufffd")
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, " ")
    .trim();
  return Array.from(cleaned).slice(0, chars).join("");
}
