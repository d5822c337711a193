import { beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries, webhookEvents, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { decodeCursor } from "@/lib/pagination";
import { createOwnerWithStore } from "@/test/factories";
import { rankedKeys, tamperedCursors, walkPages } from "@/test/paged-rows";
import { listDeliveries, listStoredEvents, verifiedOutcomes } from "./deliveries";

// Opening (and migrating) the database is slow; it belongs to the hook, not a test's time limit.
beforeAll(() => getDb());

const ranks = (count: number) => Array.from({ length: count }, (_, rank) => rank);

/** `count` verified deliveries labelled `<label>_<rank>` (rank 0 newest), outcomes in turn. */
async function seedDeliveries(store: Store, count: number, label = "evt") {
  const db = await getDb();
  await db.insert(webhookDeliveries).values(
    rankedKeys(count).map(({ id, at }, rank) => ({
      id,
      storeId: store.id,
      receivedAt: at,
      outcome: verifiedOutcomes[rank % verifiedOutcomes.length]!,
      httpStatus: 200,
      stripeEventId: `${label}_${rank}`,
      eventType: "payment_intent.succeeded",
      livemode: false,
      durationMs: 3,
    })),
  );
}

async function seedEvents(store: Store, count: number, label = "evt") {
  const db = await getDb();
  await db.insert(webhookEvents).values(
    rankedKeys(count).map(({ id, at }, rank) => ({
      id,
      storeId: store.id,
      receivedAt: at,
      stripeEventId: `${label}_${rank}`,
      type: "payment_intent.succeeded",
      mode: "test" as const,
      payload: { id: `${label}_${rank}` },
      status: "processed" as const,
    })),
  );
}

describe("the webhook deliveries list", () => {
  it("pages through every verified delivery once, newest first, 50 at a time, and only this store's", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    await seedDeliveries(store, 130);
    await seedDeliveries(other, 60, "other");
    // A refusal from before refusals were counted apart, newer than everything: never listed.
    const db = await getDb();
    await db.insert(webhookDeliveries).values({
      storeId: store.id,
      outcome: "refused",
      httpStatus: 400,
      stripeEventId: "evt_refused",
      durationMs: 1,
    });

    const { rows, pageSizes } = await walkPages((cursor) => listDeliveries(store.id, {}, { cursor }));
    // Page ends fall inside rows of one exact instant (50) and of one millisecond (100).
    expect(pageSizes).toEqual([50, 50, 30]);
    expect(rows.map((d) => d.stripeEventId)).toEqual(ranks(130).map((rank) => `evt_${rank}`));
    expect(rows.every((d) => d.storeId === store.id)).toBe(true);
  });

  it("filters by result, across pages", async () => {
    const { store } = await createOwnerWithStore();
    await seedDeliveries(store, 130);
    const failedRank = verifiedOutcomes.indexOf("failed");
    const { rows, pageSizes } = await walkPages((cursor) =>
      listDeliveries(store.id, { outcome: "failed" }, { cursor, limit: 7 }),
    );
    expect(pageSizes.length).toBeGreaterThan(1);
    expect(rows.map((d) => d.stripeEventId)).toEqual(
      ranks(130)
        .filter((rank) => rank % verifiedOutcomes.length === failedRank)
        .map((rank) => `evt_${rank}`),
    );
  });

  it("starts over when the cursor in the URL was tampered with", async () => {
    const { store } = await createOwnerWithStore();
    await seedDeliveries(store, 60);
    const first = await listDeliveries(store.id);
    expect(first.nextCursor).not.toBeNull();
    for (const raw of tamperedCursors(first.nextCursor!)) {
      const cursor = decodeCursor(raw);
      expect(cursor, raw).toBeNull();
      expect((await listDeliveries(store.id, {}, { cursor })).rows.map((d) => d.id)).toEqual(
        first.rows.map((d) => d.id),
      );
    }
  });
});

describe("the stored events list", () => {
  it("pages through every stored event once, newest first, 50 at a time, and only this store's", async () => {
    const { store } = await createOwnerWithStore();
    const { store: other } = await createOwnerWithStore();
    await seedEvents(store, 130);
    await seedEvents(other, 60, "other");

    const { rows, pageSizes } = await walkPages((cursor) => listStoredEvents(store.id, { cursor }));
    expect(pageSizes).toEqual([50, 50, 30]);
    expect(rows.map((e) => e.stripeEventId)).toEqual(ranks(130).map((rank) => `evt_${rank}`));
    expect(rows.every((e) => e.storeId === store.id)).toBe(true);
  });

  it("starts over when the cursor in the URL was tampered with", async () => {
    const { store } = await createOwnerWithStore();
    await seedEvents(store, 60);
    const first = await listStoredEvents(store.id);
    expect(first.nextCursor).not.toBeNull();
    for (const raw of tamperedCursors(first.nextCursor!)) {
      const cursor = decodeCursor(raw);
      expect(cursor, raw).toBeNull();
      expect((await listStoredEvents(store.id, { cursor })).rows.map((e) => e.id)).toEqual(first.rows.map((e) => e.id));
    }
  });
});
