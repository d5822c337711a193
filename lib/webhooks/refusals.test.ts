import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookDeliveries, webhookRefusals, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createOwnerWithStore, createStoreWithStripe } from "@/test/factories";
import { signed, stripeEvent, testSecret } from "@/test/stripe-events";
import { listDeliveries } from "./deliveries";
import { BANNER_CODES, REFUSALS } from "./refusal-codes";
import { listRefusals, printable, recordRefusal, refusalAlarm } from "./refusals";
import { receiveWebhook } from "./receive";

const HOUR = 3600_000;
const noClaims = { id: null, type: null, livemode: null };

async function refusalRows(store: Store) {
  const db = await getDb();
  return db.select().from(webhookRefusals).where(eq(webhookRefusals.storeId, store.id));
}

async function deliveryRows(store: Store) {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.storeId, store.id));
}

/** A forged body an attacker would send: long, with control characters and its own "diagnosis". */
function forgedBody(i: number) {
  return JSON.stringify({
    id: `evt_flood${i}`,
    type: "payment_intent.succeeded\u202e\n<script>",
    livemode: true,
    note: `Switch "Stripe Live Mode" on now! ${"x".repeat(5000)}`,
  });
}

describe("refused deliveries are aggregated", () => {
  it("turns 100 unsigned posts into one row with count 100 and 3 bounded samples, and keeps the real delivery listed", async () => {
    const { store, keys } = await createStoreWithStripe();
    const real = stripeEvent("customer.created", { id: "cus_real", object: "customer" });
    const delivery = signed(real, keys.testWebhookSecret);
    expect(await receiveWebhook(store, delivery.rawBody, delivery.header)).toMatchObject({ status: 200 });

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => receiveWebhook(store, forgedBody(i), null)),
    );
    expect(responses.every((r) => r.status === 400 && r.body.code === "missing_signature")).toBe(true);

    const rows = await refusalRows(store);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ diagnosisCode: "missing_signature", count: 100 });
    const [summary] = await listRefusals(store.id);
    expect(summary).toMatchObject({ code: "missing_signature", count: 100 });
    expect(summary!.samples).toHaveLength(3);
    for (const sample of summary!.samples) {
      expect(sample.bodyExcerpt!.length).toBeLessThanOrEqual(300);
      expect(sample.bodyExcerpt).not.toMatch(/[\u0000-\u001f\u202e]/);
      expect(sample.eventType).toBe("payment_intent.succeeded <script>");
      expect(sample.livemode).toBe(true);
    }

    // The page's query still shows the verified delivery, and only verified ones.
    const listed = (await listDeliveries(store.id)).rows;
    expect(listed.map((d) => d.stripeEventId)).toEqual([real.id]);
    expect(await deliveryRows(store)).toHaveLength(1);
  });

  it("counts per hour and diagnosis, and forgets hours older than 30 days", async () => {
    const { store } = await createOwnerWithStore();
    const now = new Date("2030-01-10T12:34:00Z");
    await recordRefusal({ storeId: store.id, code: "missing_signature", claims: noClaims, rawBody: "{}", now });
    await recordRefusal({ storeId: store.id, code: "not_an_event", claims: noClaims, rawBody: "x", now });
    const later = new Date(now.getTime() + HOUR);
    await recordRefusal({ storeId: store.id, code: "missing_signature", claims: noClaims, rawBody: "{}", now: later });
    expect((await listRefusals(store.id)).map((r) => [r.hourStart.toISOString(), r.code, r.count])).toEqual([
      ["2030-01-10T13:00:00.000Z", "missing_signature", 1],
      ["2030-01-10T12:00:00.000Z", "missing_signature", 1],
      ["2030-01-10T12:00:00.000Z", "not_an_event", 1],
    ]);

    const monthLater = new Date(later.getTime() + 31 * 24 * HOUR);
    await recordRefusal({
      storeId: store.id,
      code: "missing_signature",
      claims: noClaims,
      rawBody: null,
      now: monthLater,
    });
    expect((await listRefusals(store.id)).map((r) => r.hourStart.toISOString())).toEqual(["2030-02-10T13:00:00.000Z"]);
  });

  it("keeps each store's refusals apart", async () => {
    const a = await createOwnerWithStore();
    const b = await createOwnerWithStore();
    await receiveWebhook(a.store, "{}", null);
    expect(await listRefusals(b.store.id)).toEqual([]);
    expect(await listRefusals(a.store.id)).toHaveLength(1);
  });
});

describe("the admin banner", () => {
  it("stays away for unsigned, oddly signed and garbage posts, whatever they claim", async () => {
    const { store, keys } = await createStoreWithStripe();
    const bodies: [string, string | null][] = [
      [forgedBody(1), null],
      ["\u0000", null],
      [forgedBody(2), "t=1,v1=not-hex"],
      [forgedBody(3), `v1=${"a".repeat(64)}`],
      ["not json", signed("not json", keys.testWebhookSecret).header],
      ['{"id":"evt_\\u0000"}', signed('{"id":"evt_\\u0000"}', keys.testWebhookSecret).header],
    ];
    for (const [rawBody, header] of bodies) {
      expect((await receiveWebhook(store, rawBody, header)).status).toBe(400);
    }
    expect((await listRefusals(store.id)).map((r) => r.code).sort()).toEqual([
      "malformed_signature",
      "missing_signature",
      "not_an_event",
    ]);
    expect(await refusalAlarm(store.id)).toBeNull();
  });

  it("warns about a delivery signed with another secret, or the other mode's, until a verified one arrives", async () => {
    const { store, keys } = await createStoreWithStripe();
    const stranger = signed(stripeEvent("customer.created", { id: "cus_1" }), testSecret("whsec"));
    expect(await receiveWebhook(store, stranger.rawBody, stranger.header)).toMatchObject({
      status: 400,
      body: { code: "signature_mismatch" },
    });
    expect(await refusalAlarm(store.id)).toMatchObject({ code: "signature_mismatch", count: 1 });

    const live = signed(stripeEvent("customer.created", { id: "cus_2" }, true), keys.liveWebhookSecret);
    expect((await receiveWebhook(store, live.rawBody, live.header)).body.code).toBe("signed_with_other_mode");
    expect(await refusalAlarm(store.id)).toMatchObject({ code: "signed_with_other_mode", count: 2 });
    // Unsigned noise afterwards neither adds to it nor replaces its text.
    await receiveWebhook(store, forgedBody(1), null);
    expect(await refusalAlarm(store.id)).toMatchObject({ code: "signed_with_other_mode", count: 2 });

    const good = signed(stripeEvent("customer.created", { id: "cus_3" }), keys.testWebhookSecret);
    expect((await receiveWebhook(store, good.rawBody, good.header)).status).toBe(200);
    expect(await refusalAlarm(store.id)).toBeNull();
  });

  it("forgets refusals older than 72 hours", async () => {
    const { store } = await createOwnerWithStore();
    const old = new Date(Date.now() - 73 * HOUR);
    await recordRefusal({ storeId: store.id, code: "signature_mismatch", claims: noClaims, rawBody: "{}", now: old });
    expect(await refusalAlarm(store.id)).toBeNull();
    await recordRefusal({ storeId: store.id, code: "signature_mismatch", claims: noClaims, rawBody: "{}" });
    expect(await refusalAlarm(store.id)).toMatchObject({ code: "signature_mismatch", count: 1 });
  });

  it("only raises for diagnoses that need a Stripe-format signature and point at the owner's settings", () => {
    expect([...BANNER_CODES].sort()).toEqual([
      "livemode_mismatch",
      "no_secret_for_active_mode",
      "signature_mismatch",
      "signed_with_other_mode",
    ]);
    expect(Object.keys(REFUSALS)).toContain("missing_signature");
  });
});

describe("printable", () => {
  it("makes untrusted text one short storable line", () => {
    expect(printable("a\u0000b\r\n\tc\u202ed\u200b", 100)).toBe("a b c d");
    expect(printable("x\ud800y", 100)).toBe("x\ufffdy");
    expect(printable("😀".repeat(10), 3)).toBe("😀😀😀");
    expect(printable("y".repeat(10_000), 300)).toHaveLength(300);
  });
});
