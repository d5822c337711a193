import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { emailOutbox, storeStripeSettings, type Store } from "@/db/schema";
import { isLinkToken, linkToken } from "@/lib/crypto/link-tokens";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { buildLaunchChecklist } from "@/lib/launch/checklist";
import { log } from "@/lib/log";
import { storeUrl } from "@/lib/tenancy/stores";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { REFUSALS } from "@/lib/webhooks/refusal-codes";
import { listRefusals } from "@/lib/webhooks/refusals";

/*
 * The store's context that travels with a support request, so staff can see what the
 * owner saw without asking. It is built from named, non-secret facts only: no key, no
 * signing secret, no Resend key, not even their masked hints (the checklist's evidence
 * quotes those, so only each check's label and status are taken). The owner sees this
 * exact object before sending: the form carries it with a seal, and the server keeps it
 * only if the seal proves it is what the server built for this store.
 */

const status = z.enum(["pass", "fail", "unknown", "neutral"]);
const iso = z.iso.datetime({ offset: true });

export const contextSnapshotSchema = z.object({
  takenAt: iso,
  store: z.object({
    name: z.string(),
    subdomain: z.string(),
    url: z.string(),
    standing: z.enum(["active", "paused", "suspended"]),
  }),
  activeMode: z.enum(["test", "live"]),
  plan: z.object({ status: z.string(), detail: z.string() }),
  checklist: z.union([
    z.object({
      checkedAt: iso,
      sections: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          status,
          checks: z.array(z.object({ label: z.string(), status })),
        }),
      ),
    }),
    z.object({ unavailable: z.string() }),
  ]),
  deliveries: z.array(
    z.object({
      receivedAt: iso,
      eventType: z.string().nullable(),
      stripeEventId: z.string().nullable(),
      outcome: z.string(),
      httpStatus: z.number(),
      diagnosis: z.string().nullable(),
    }),
  ),
  refusals: z.array(z.object({ lastSeenAt: iso, code: z.string(), count: z.number(), diagnosis: z.string() })),
  failedEmails: z.array(
    z.object({
      createdAt: iso,
      kind: z.string(),
      to: z.string(),
      subject: z.string(),
      status: z.string(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type ContextSnapshot = z.infer<typeof contextSnapshotSchema>;

const RECENT = 10;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A sealed snapshot is accepted this long after it was shown; then the owner reloads. */
export const SNAPSHOT_MAX_AGE_MS = 2 * 60 * 60 * 1000;

/** Billing arrives with the platform's subscriptions; until then no store has a plan. */
const PLAN = { status: "none", detail: "The platform does not bill for hosting yet." };

export async function takeContextSnapshot(store: Store, now = new Date()): Promise<ContextSnapshot> {
  const db = await getDb();
  const [settings, checklist, deliveries, refusals, failedEmails] = await Promise.all([
    db
      .select({ liveMode: storeStripeSettings.liveMode })
      .from(storeStripeSettings)
      .where(eq(storeStripeSettings.storeId, store.id))
      .limit(1)
      .then((rows) => rows[0]),
    checklistState(store),
    listDeliveries(store.id, {}, { limit: RECENT }),
    listRefusals(store.id, RECENT),
    db
      .select({
        createdAt: emailOutbox.createdAt,
        kind: emailOutbox.kind,
        to: emailOutbox.toAddress,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        lastError: emailOutbox.lastError,
      })
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.storeId, store.id),
          inArray(emailOutbox.status, ["failed", "held"]),
          gt(emailOutbox.createdAt, new Date(now.getTime() - 30 * DAY_MS)),
        ),
      )
      .orderBy(desc(emailOutbox.createdAt))
      .limit(RECENT),
  ]);
  return contextSnapshotSchema.parse({
    takenAt: now.toISOString(),
    store: {
      name: store.name,
      subdomain: store.subdomain,
      url: storeUrl(store),
      standing: store.status === "suspended" ? "suspended" : store.pausedAt ? "paused" : "active",
    },
    activeMode: settings?.liveMode ? "live" : "test",
    plan: PLAN,
    checklist,
    deliveries: deliveries.rows.map((d) => ({
      receivedAt: d.receivedAt.toISOString(),
      eventType: d.eventType,
      stripeEventId: d.stripeEventId,
      outcome: d.outcome,
      httpStatus: d.httpStatus,
      diagnosis: d.diagnosis,
    })),
    refusals: refusals
      .filter((r) => r.lastSeenAt.getTime() > now.getTime() - 7 * DAY_MS)
      .map((r) => ({
        lastSeenAt: r.lastSeenAt.toISOString(),
        code: r.code,
        count: r.count,
        diagnosis: `${REFUSALS[r.code].title}: ${REFUSALS[r.code].explanation}`,
      })),
    failedEmails: failedEmails.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
  });
}

async function checklistState(store: Store): Promise<ContextSnapshot["checklist"]> {
  try {
    const checklist = await buildLaunchChecklist(store);
    return {
      checkedAt: checklist.checkedAt.toISOString(),
      sections: checklist.sections.map((section) => ({
        key: section.key,
        title: section.title,
        status: section.status,
        checks: section.checks.map((c) => ({ label: c.label, status: c.status })),
      })),
    };
  } catch (error) {
    log.warn({ err: error, storeId: store.id }, "launch checklist unavailable for a support snapshot");
    return { unavailable: "The launch checklist could not be built just now." };
  }
}

/** The snapshot as the form carries it: its exact JSON and a seal binding it to the store. */
export type SealedSnapshot = { json: string; seal: string };

const digest = (json: string) => createHash("sha256").update(json).digest("base64url");

export function sealSnapshot(storeId: string, snapshot: ContextSnapshot): SealedSnapshot {
  const json = JSON.stringify(snapshot);
  return { json, seal: linkToken("support-snapshot", `${storeId}:${digest(json)}`) };
}

/** The snapshot the owner was shown, if the seal proves the server built it for this store, recently. */
export function openSealedSnapshot(storeId: string, sealed: SealedSnapshot, now = new Date()): ContextSnapshot {
  const stale = new AppError(
    "stale_snapshot",
    "The store context shown with this form is out of date. Reload the page to see the current one, then send again.",
    409,
  );
  if (!isLinkToken("support-snapshot", `${storeId}:${digest(sealed.json)}`, sealed.seal)) throw stale;
  const snapshot = contextSnapshotSchema.parse(JSON.parse(sealed.json));
  if (now.getTime() - Date.parse(snapshot.takenAt) > SNAPSHOT_MAX_AGE_MS) throw stale;
  return snapshot;
}

/** A stored snapshot, for display; an unreadable one (older shape) shows as missing, not as an error. */
export function readStoredSnapshot(value: unknown): ContextSnapshot | null {
  const parsed = contextSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
