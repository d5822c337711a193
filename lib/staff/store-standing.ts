import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { staffAuditLog, stores, type StaffAuditEntry, type User } from "@/db/schema";
import { asPlatform } from "@/lib/data-scope";
import { getDb, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const standingInput = z.object({
  storeId: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(5, "Give the reason (at least 5 characters): the owner sees it.")
    .max(500, "Keep the reason under 500 characters."),
});
export type StandingInput = z.input<typeof standingInput>;

/** Writes one audit entry on the caller's transaction, so the action and its record stand or fall together. */
export async function recordStaffAction(
  tx: Tx,
  staff: Pick<User, "id" | "email">,
  entry: { action: string; storeId?: string | null; ticketId?: string | null; detail: string },
): Promise<void> {
  await tx.insert(staffAuditLog).values({
    staffUserId: staff.id,
    staffEmail: staff.email,
    action: entry.action,
    storeId: entry.storeId ?? null,
    ticketId: entry.ticketId ?? null,
    detail: entry.detail,
  });
}

/**
 * Suspends a store: its storefront shows "temporarily unavailable" and sells nothing,
 * while buyers' orders, downloads and `/shop/webhook/` keep working (a paid buyer never
 * loses a purchase over a store's standing). The owner sees the reason.
 */
export async function suspendStore(staff: Pick<User, "id" | "email">, raw: StandingInput): Promise<void> {
  const input = standingInput.parse(raw);
  await changeStanding(staff, input, "suspended");
}

export async function reactivateStore(staff: Pick<User, "id" | "email">, raw: StandingInput): Promise<void> {
  const input = standingInput.parse(raw);
  await changeStanding(staff, input, "active");
}

async function changeStanding(
  staff: Pick<User, "id" | "email">,
  input: z.output<typeof standingInput>,
  to: "active" | "suspended",
): Promise<void> {
  const db = await getDb();
  await asPlatform(() =>
    db.transaction(async (tx) => {
      const [store] = await tx.select().from(stores).where(eq(stores.id, input.storeId)).for("update");
      if (!store) throw new AppError("store_not_found", "No such store.", 404);
      if (store.status === to) {
        throw new AppError("same_standing", `The store is already ${to === "active" ? "active" : "suspended"}.`, 409);
      }
      await tx
        .update(stores)
        .set({ status: to, suspensionReason: to === "suspended" ? input.reason : null })
        .where(and(eq(stores.id, store.id), eq(stores.status, store.status)));
      await recordStaffAction(tx, staff, {
        action: to === "suspended" ? "store.suspend" : "store.reactivate",
        storeId: store.id,
        detail: `${store.subdomain}: ${input.reason}`,
      });
    }),
  );
  log.info({ staffUserId: staff.id, storeId: input.storeId, to }, "store standing changed");
}

/** The audit log, newest first. */
export async function listStaffAudit(limit = 200): Promise<StaffAuditEntry[]> {
  const db = await getDb();
  return asPlatform(() => db.select().from(staffAuditLog).orderBy(desc(staffAuditLog.createdAt)).limit(limit));
}
