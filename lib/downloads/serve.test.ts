import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { downloadGrants, orders, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { createDownloadableProduct, createPaidOrder } from "@/test/downloads-factories";
import { createOwnerWithStore } from "@/test/factories";
import { createDownloadGrants, listOrderGrants, revokeDownloadGrants } from "./grants";
import { findDownload, peekDownload, RESUME_WINDOW_MINUTES, startDownload, type DownloadResponse } from "./serve";

const SIZE = 10_000;

/** A store, a paid order of one product with one file, and the buyer's link. */
async function issued(
  options: { downloadLimit?: number | null; downloadExpiryDays?: number | null; store?: Store } = {},
) {
  const store = options.store ?? (await createOwnerWithStore()).store;
  const bytes = randomBytes(SIZE);
  const { product } = await createDownloadableProduct(store, {
    downloadLimit: options.downloadLimit,
    downloadExpiryDays: options.downloadExpiryDays,
    files: [{ fileName: "Résumé.pdf", bytes, contentType: "application/pdf" }],
  });
  const order = await createPaidOrder(store, [product]);
  const db = await getDb();
  const [download] = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
  if (!download) throw new Error("no grant issued");
  return { store, order, bytes, token: download.token };
}

async function bodyOf(response: DownloadResponse): Promise<Buffer> {
  if (response.kind !== "file" || !response.body) throw new Error(`no body: ${JSON.stringify(response)}`);
  return Buffer.concat(await response.body.toArray());
}

async function downloadCount(storeId: string, orderId: string): Promise<number> {
  const [grant] = await listOrderGrants(storeId, orderId);
  return grant?.downloadCount ?? -1;
}

/** Moves the link's last counted download into the past, as if that much time had gone by. */
async function lastCountedMinutesAgo(storeId: string, orderId: string, minutes: number) {
  const db = await getDb();
  const moved = await db
    .update(downloadGrants)
    .set({ lastCountedAt: sql`now() - make_interval(mins => ${minutes}::int)` })
    .where(and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.orderId, orderId)))
    .returning({ id: downloadGrants.id });
  expect(moved).toHaveLength(1);
}

/** Uses up `count` downloads of the link, each one read to the end. */
async function useDownloads(storeId: string, token: string, count: number) {
  for (let i = 0; i < count; i++) {
    const response = await startDownload(storeId, token, null);
    expect(response).toMatchObject({ status: 200, counted: true });
    await bodyOf(response);
  }
}

describe("startDownload", () => {
  it("streams the whole file with download headers and counts it", async () => {
    const { store, order, bytes, token } = await issued({ downloadLimit: 3 });
    const response = await startDownload(store.id, token, null);
    expect(response).toMatchObject({
      kind: "file",
      status: 200,
      counted: true,
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(SIZE),
        "Content-Disposition": `attachment; filename="Resume.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`,
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
    expect((await bodyOf(response)).equals(bytes)).toBe(true);
    expect(await downloadCount(store.id, order.id)).toBe(1);
    expect(await findDownload(store.id, token)).toMatchObject({ status: "ok", remaining: 2 });
  });

  it("serves exactly the requested range; a resume is free, a fresh start is not", async () => {
    const { store, order, bytes, token } = await issued({ downloadLimit: 3 });

    const first = await startDownload(store.id, token, "bytes=0-999");
    expect(first).toMatchObject({
      status: 206,
      counted: true,
      headers: { "Content-Range": `bytes 0-999/${SIZE}`, "Content-Length": "1000" },
    });
    expect((await bodyOf(first)).equals(bytes.subarray(0, 1000))).toBe(true);

    const resume = await startDownload(store.id, token, "bytes=1000-");
    expect(resume).toMatchObject({
      status: 206,
      counted: false,
      headers: { "Content-Range": `bytes 1000-${SIZE - 1}/${SIZE}`, "Content-Length": String(SIZE - 1000) },
    });
    expect((await bodyOf(resume)).equals(bytes.subarray(1000))).toBe(true);

    const tail = await startDownload(store.id, token, "bytes=-10");
    expect(tail).toMatchObject({
      status: 206,
      counted: false,
      headers: { "Content-Range": `bytes ${SIZE - 10}-${SIZE - 1}/${SIZE}` },
    });
    expect((await bodyOf(tail)).equals(bytes.subarray(SIZE - 10))).toBe(true);
    expect(await downloadCount(store.id, order.id)).toBe(1);

    // A "resume" of a link never used counts, or ranges would make every link unlimited.
    const other = await issued({ downloadLimit: 3 });
    const sneaky = await startDownload(other.store.id, other.token, "bytes=1-");
    expect(sneaky).toMatchObject({ status: 206, counted: true });
    await bodyOf(sneaky);
    expect(await downloadCount(other.store.id, other.order.id)).toBe(1);
  });

  it("answers an unsatisfiable range with 416 and the size, without counting", async () => {
    const { store, order, token } = await issued();
    const response = await startDownload(store.id, token, `bytes=${SIZE}-`);
    expect(response).toMatchObject({
      kind: "file",
      status: 416,
      body: null,
      counted: false,
      headers: { "Content-Range": `bytes */${SIZE}` },
    });
    expect(await downloadCount(store.id, order.id)).toBe(0);
  });

  it("serves the whole file when asked for several ranges or a stale If-Range", async () => {
    const { store, bytes, token } = await issued();
    const several = await startDownload(store.id, token, "bytes=0-9, 20-29");
    expect(several).toMatchObject({ status: 200, headers: { "Content-Length": String(SIZE) } });
    expect((await bodyOf(several)).equals(bytes)).toBe(true);
    const stale = await startDownload(store.id, token, "bytes=100-", { ifRange: '"not-the-file"' });
    expect(stale).toMatchObject({ status: 200, counted: true });
    await bodyOf(stale);
  });

  it("refuses once the limit is used up, but lets the last download resume", async () => {
    const { store, order, token } = await issued({ downloadLimit: 2 });
    for (let i = 0; i < 2; i++) await bodyOf(await startDownload(store.id, token, null));
    expect(await startDownload(store.id, token, null)).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await startDownload(store.id, token, "bytes=0-")).toEqual({ kind: "refused", refusal: "exhausted" });
    const resume = await startDownload(store.id, token, "bytes=5000-");
    expect(resume).toMatchObject({ status: 206, counted: false });
    await bodyOf(resume);
    expect(await downloadCount(store.id, order.id)).toBe(2);
    expect(await findDownload(store.id, token)).toMatchObject({ status: "exhausted", downloadLimit: 2 });
  });

  it("refuses an expired link, resumes included", async () => {
    const { store, order, token } = await issued({ downloadExpiryDays: 30 });
    await bodyOf(await startDownload(store.id, token, "bytes=0-99"));
    const db = await getDb();
    await db
      .update(downloadGrants)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(and(eq(downloadGrants.storeId, store.id), eq(downloadGrants.orderId, order.id)));

    expect(await startDownload(store.id, token, null)).toEqual({ kind: "refused", refusal: "expired" });
    expect(await startDownload(store.id, token, "bytes=100-")).toEqual({ kind: "refused", refusal: "expired" });
    const found = await findDownload(store.id, token);
    expect(found.status).toBe("expired");
    expect(found.status === "expired" && found.expiredAt.getTime()).toBeLessThan(Date.now());
    expect(await downloadCount(store.id, order.id)).toBe(1);
  });

  it("refuses a link revoked by a refund, resumes included, and says why", async () => {
    const { store, order, token } = await issued({ downloadLimit: null });
    await bodyOf(await startDownload(store.id, token, "bytes=0-99"));
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.update(orders).set({ status: "refunded" }).where(eq(orders.id, order.id));
      await revokeDownloadGrants(tx, store.id, order.id);
    });

    expect(await startDownload(store.id, token, null)).toEqual({ kind: "refused", refusal: "revoked" });
    expect(await startDownload(store.id, token, "bytes=100-")).toEqual({ kind: "refused", refusal: "revoked" });
    expect(await peekDownload(store.id, token, null)).toEqual({ kind: "refused", refusal: "revoked" });
    expect(await findDownload(store.id, token)).toMatchObject({ status: "revoked", reason: "refund" });
  });

  it("does nothing with a token on another store, or a made-up one", async () => {
    const a = await issued();
    const b = await createOwnerWithStore();
    expect(await startDownload(b.store.id, a.token, null)).toEqual({ kind: "refused", refusal: "not_found" });
    expect(await findDownload(b.store.id, a.token)).toEqual({ status: "not_found" });
    expect(await startDownload(a.store.id, randomBytes(32).toString("base64url"), null)).toEqual({
      kind: "refused",
      refusal: "not_found",
    });
    expect(await startDownload(a.store.id, "../../etc/passwd", null)).toEqual({
      kind: "refused",
      refusal: "not_found",
    });
    expect(await downloadCount(a.store.id, a.order.id)).toBe(0);
  });

  it("answers HEAD with the same headers and no body, without counting", async () => {
    const { store, order, token } = await issued({ downloadLimit: 1 });
    expect(await peekDownload(store.id, token, "bytes=0-9")).toMatchObject({
      kind: "file",
      status: 206,
      body: null,
      counted: false,
      headers: { "Content-Length": "10", "Content-Range": `bytes 0-9/${SIZE}` },
    });
    expect(await downloadCount(store.id, order.id)).toBe(0);
  });

  it("lets exactly the limit through when 20 requests race for 5 downloads", async () => {
    const { store, order, token } = await issued({ downloadLimit: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, () => startDownload(store.id, token, null)));
    const served = results.filter((r): r is Extract<DownloadResponse, { kind: "file" }> => r.kind === "file");
    for (const r of served) r.body?.destroy();
    expect(served).toHaveLength(5);
    expect(results.filter((r) => r.kind === "refused" && r.refusal === "exhausted")).toHaveLength(15);
    expect(await downloadCount(store.id, order.id)).toBe(5);
  });
});

// Issue 9, hole 3: a Range request past byte 0 used to be free forever once a link had been
// used, so `bytes=1-` fetched all but one byte of the file after the limit was used up.
describe("startDownload with a Range, against the download limit", () => {
  const pastWindow = RESUME_WINDOW_MINUTES + 1;

  it("refuses every range once the limit is used up and the resume window has passed", async () => {
    const { store, order, token } = await issued({ downloadLimit: 5 });
    await useDownloads(store.id, token, 5);
    await lastCountedMinutesAgo(store.id, order.id, pastWindow);

    for (let i = 0; i < 3; i++) {
      expect(await startDownload(store.id, token, "bytes=1-")).toEqual({ kind: "refused", refusal: "exhausted" });
    }
    for (const range of ["bytes=1000-1999", "bytes=-500", `bytes=-${SIZE}`, "bytes=0-", "bytes=1-,5-"]) {
      expect(await startDownload(store.id, token, range), range).toEqual({ kind: "refused", refusal: "exhausted" });
    }
    expect(await peekDownload(store.id, token, "bytes=1-")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(5);
  });

  it("lets the last counted download resume for free, only inside the window", async () => {
    const { store, order, bytes, token } = await issued({ downloadLimit: 5 });
    await useDownloads(store.id, token, 5);

    const resume = await startDownload(store.id, token, "bytes=1000-");
    expect(resume).toMatchObject({
      status: 206,
      counted: false,
      headers: { "Content-Range": `bytes 1000-${SIZE - 1}/${SIZE}` },
    });
    expect((await bodyOf(resume)).equals(bytes.subarray(1000))).toBe(true);

    await lastCountedMinutesAgo(store.id, order.id, RESUME_WINDOW_MINUTES - 1);
    const late = await startDownload(store.id, token, "bytes=5000-");
    expect(late).toMatchObject({ status: 206, counted: false });
    expect((await bodyOf(late)).equals(bytes.subarray(5000))).toBe(true);

    await lastCountedMinutesAgo(store.id, order.id, pastWindow);
    expect(await startDownload(store.id, token, "bytes=5000-")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(5);
  });

  it("counts a range past byte 0 when no download was counted within the window", async () => {
    const { store, order, bytes, token } = await issued({ downloadLimit: 2 });

    const first = await startDownload(store.id, token, "bytes=1-");
    expect(first).toMatchObject({ status: 206, counted: true });
    expect((await bodyOf(first)).equals(bytes.subarray(1))).toBe(true);
    expect(await downloadCount(store.id, order.id)).toBe(1);

    await lastCountedMinutesAgo(store.id, order.id, pastWindow);
    const second = await startDownload(store.id, token, "bytes=1-");
    expect(second).toMatchObject({ status: 206, counted: true });
    await bodyOf(second);
    expect(await downloadCount(store.id, order.id)).toBe(2);

    // The count reopened the window, for the download it counted.
    const resume = await startDownload(store.id, token, "bytes=1-");
    expect(resume).toMatchObject({ status: 206, counted: false });
    await bodyOf(resume);

    await lastCountedMinutesAgo(store.id, order.id, pastWindow);
    expect(await startDownload(store.id, token, "bytes=1-")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(2);
  });

  it("treats a suffix range as a resume only under the same rule", async () => {
    const { store, order, bytes, token } = await issued({ downloadLimit: 1 });

    const first = await startDownload(store.id, token, "bytes=-500");
    expect(first).toMatchObject({ status: 206, counted: true });
    expect((await bodyOf(first)).equals(bytes.subarray(SIZE - 500))).toBe(true);

    const again = await startDownload(store.id, token, "bytes=-500");
    expect(again).toMatchObject({ status: 206, counted: false });
    await bodyOf(again);
    // A suffix longer than the file starts at byte 0: a new download, and none is left.
    expect(await startDownload(store.id, token, `bytes=-${SIZE + 1}`)).toEqual({
      kind: "refused",
      refusal: "exhausted",
    });

    await lastCountedMinutesAgo(store.id, order.id, pastWindow);
    expect(await startDownload(store.id, token, "bytes=-500")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(1);
  });

  it("gives no free resume to a link whose downloads were counted before the window was recorded", async () => {
    const { store, order, token } = await issued({ downloadLimit: 5 });
    const db = await getDb();
    await db
      .update(downloadGrants)
      .set({ downloadCount: 5, lastCountedAt: null })
      .where(and(eq(downloadGrants.storeId, store.id), eq(downloadGrants.orderId, order.id)));

    expect(await startDownload(store.id, token, "bytes=1-")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(5);
  });

  it("answers HEAD by the same rule, never with a body and never counting", async () => {
    const { store, order, token } = await issued({ downloadLimit: 1 });
    expect(await peekDownload(store.id, token, null)).toMatchObject({ status: 200, body: null, counted: false });
    expect(await peekDownload(store.id, token, "bytes=1-")).toMatchObject({ status: 206, body: null, counted: false });
    expect(await downloadCount(store.id, order.id)).toBe(0);

    await useDownloads(store.id, token, 1);
    expect(await peekDownload(store.id, token, null)).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await peekDownload(store.id, token, "bytes=1000-")).toMatchObject({
      status: 206,
      body: null,
      counted: false,
      headers: { "Content-Range": `bytes 1000-${SIZE - 1}/${SIZE}` },
    });

    await lastCountedMinutesAgo(store.id, order.id, pastWindow);
    expect(await peekDownload(store.id, token, "bytes=1000-")).toEqual({ kind: "refused", refusal: "exhausted" });
    expect(await downloadCount(store.id, order.id)).toBe(1);
  });

  it("counts exactly the limit when 20 ranged and whole requests race for 5 downloads", async () => {
    const { store, order, token } = await issued({ downloadLimit: 5 });
    const ranges = [null, "bytes=0-", "bytes=1-", "bytes=-500"];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => startDownload(store.id, token, ranges[i % ranges.length] ?? null)),
    );
    const served = results.filter((r): r is Extract<DownloadResponse, { kind: "file" }> => r.kind === "file");
    for (const r of served) r.body?.destroy();
    expect(served.filter((r) => r.counted)).toHaveLength(5);
    // A request that arrived after a count may resume it for free, but only past byte 0.
    for (const r of served.filter((r) => !r.counted)) {
      expect(r.status).toBe(206);
      expect(r.headers["Content-Range"]).not.toMatch(/^bytes 0-/);
    }
    expect(results.filter((r) => r.kind === "refused").every((r) => r.refusal === "exhausted")).toBe(true);
    expect(await downloadCount(store.id, order.id)).toBe(5);
  });
});
