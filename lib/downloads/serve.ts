import "server-only";
import type { Readable } from "node:stream";
import { and, eq, isNull, sql } from "drizzle-orm";
import { downloadGrants, orders, productFiles, products } from "@/db/schema";
import { getDb, type Executor } from "@/lib/db";
import { getStorage } from "@/lib/storage";
import { contentDisposition, safeContentType } from "./headers";
import { parseRange } from "./range";
import { hashToken, isWellFormedToken } from "./tokens";

export type DownloadGrantView = {
  id: string;
  productName: string;
  downloadCount: number;
  downloadLimit: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export type DownloadFileView = { id: string; fileName: string; contentType: string; sizeBytes: number };

/** What a download link stands for right now; the page explains each refusal. */
export type DownloadLookup =
  | { status: "ok"; grant: DownloadGrantView; file: DownloadFileView; remaining: number | null }
  | { status: "not_found" }
  | {
      status: "revoked";
      grant: DownloadGrantView;
      file: DownloadFileView;
      revokedAt: Date;
      /** "refund" when the order has been refunded in full, which is what revokes grants. */
      reason: "refund" | "store";
    }
  | { status: "expired"; grant: DownloadGrantView; file: DownloadFileView; expiredAt: Date }
  | { status: "exhausted"; grant: DownloadGrantView; file: DownloadFileView; downloadLimit: number };

export type DownloadRefusal = Exclude<DownloadLookup["status"], "ok">;

/** What the file route sends: a refusal (the route redirects to the page) or bytes. */
export type DownloadResponse =
  | { kind: "refused"; refusal: DownloadRefusal }
  | {
      kind: "file";
      status: 200 | 206 | 416;
      headers: Record<string, string>;
      /** Null for 416 and for HEAD. */
      body: Readable | null;
      /** Whether this request used up one of the link's downloads. */
      counted: boolean;
    };

/**
 * How long after a counted download a range request past byte 0 may resume it for free.
 * Long enough to pick up a large file after a dropped connection; short, so a range can't
 * stand in for the downloads the limit allows.
 */
export const RESUME_WINDOW_MINUTES = 30;

type GrantRow = Awaited<ReturnType<typeof loadGrant>>;

async function loadGrant(db: Executor, storeId: string, tokenHash: string) {
  const [row] = await db
    .select({
      id: downloadGrants.id,
      downloadCount: downloadGrants.downloadCount,
      downloadLimit: downloadGrants.downloadLimit,
      expiresAt: downloadGrants.expiresAt,
      revokedAt: downloadGrants.revokedAt,
      // Decided by the database clock, as the claiming UPDATE decides it.
      expired: sql<boolean>`(${downloadGrants.expiresAt} is not null and ${downloadGrants.expiresAt} <= now())`,
      // The same clock sets last_counted_at when a download is counted.
      resumable: sql<boolean>`(${downloadGrants.lastCountedAt} is not null and ${downloadGrants.lastCountedAt} > now() - make_interval(mins => ${RESUME_WINDOW_MINUTES}::int))`,
      orderStatus: orders.status,
      productName: products.name,
      fileId: productFiles.id,
      fileName: productFiles.fileName,
      contentType: productFiles.contentType,
      sizeBytes: productFiles.sizeBytes,
      sha256: productFiles.sha256,
      storageKey: productFiles.storageKey,
    })
    .from(downloadGrants)
    .innerJoin(orders, and(eq(orders.id, downloadGrants.orderId), eq(orders.storeId, storeId)))
    .innerJoin(productFiles, and(eq(productFiles.id, downloadGrants.productFileId), eq(productFiles.storeId, storeId)))
    .innerJoin(products, and(eq(products.id, productFiles.productId), eq(products.storeId, storeId)))
    .where(and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.tokenHash, tokenHash)))
    .limit(1);
  return row ?? null;
}

function classify(row: NonNullable<GrantRow>): DownloadLookup {
  const grant: DownloadGrantView = {
    id: row.id,
    productName: row.productName,
    downloadCount: row.downloadCount,
    downloadLimit: row.downloadLimit,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
  const file: DownloadFileView = {
    id: row.fileId,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
  };
  if (row.revokedAt) {
    return {
      status: "revoked",
      grant,
      file,
      revokedAt: row.revokedAt,
      reason: row.orderStatus === "refunded" ? "refund" : "store",
    };
  }
  if (row.expired && row.expiresAt) return { status: "expired", grant, file, expiredAt: row.expiresAt };
  if (row.downloadLimit !== null && row.downloadCount >= row.downloadLimit) {
    return { status: "exhausted", grant, file, downloadLimit: row.downloadLimit };
  }
  const remaining = row.downloadLimit === null ? null : row.downloadLimit - row.downloadCount;
  return { status: "ok", grant, file, remaining };
}

/** Read-only: what the link is and whether it still works, for the download page. */
export async function findDownload(storeId: string, token: string): Promise<DownloadLookup> {
  if (!isWellFormedToken(token)) return { status: "not_found" };
  const row = await loadGrant(await getDb(), storeId, hashToken(token));
  return row ? classify(row) : { status: "not_found" };
}

/**
 * Takes one download, if the link has one left, in a single statement: concurrent
 * requests queue on the row lock and each re-checks the limit, so a limit of N lets
 * exactly N through.
 */
async function claimDownload(db: Executor, storeId: string, tokenHash: string): Promise<boolean> {
  const claimed = await db
    .update(downloadGrants)
    .set({ downloadCount: sql`${downloadGrants.downloadCount} + 1`, lastCountedAt: sql`now()` })
    .where(
      and(
        eq(downloadGrants.storeId, storeId),
        eq(downloadGrants.tokenHash, tokenHash),
        isNull(downloadGrants.revokedAt),
        sql`(${downloadGrants.expiresAt} is null or ${downloadGrants.expiresAt} > now())`,
        sql`(${downloadGrants.downloadLimit} is null or ${downloadGrants.downloadCount} < ${downloadGrants.downloadLimit})`,
      ),
    )
    .returning({ id: downloadGrants.id });
  return claimed.length > 0;
}

export type DownloadOptions = {
  /** The request's If-Range: a range is honoured only if it names the file's current ETag. */
  ifRange?: string | null;
};

/**
 * Serves a GET on a download link: refuses, or counts (when it must) and opens the file.
 *
 * How requests count: a request for the whole file (no range, several ranges, a stale
 * If-Range) or for a range starting at byte 0 is a new download and takes one from the
 * limit. A range starting later (a suffix range too, unless it covers the whole file) is a
 * resume, free only within `RESUME_WINDOW_MINUTES` of the link's last counted download;
 * then it is allowed even when the limit is used up, since the download being resumed is
 * usually the one that used it up. Any other range counts like a new download, so once the
 * limit is used up and the window has passed, every request is refused. A revoked or
 * expired link refuses everything. A 416 sends no bytes and never counts.
 */
export async function startDownload(
  storeId: string,
  token: string,
  rangeHeader: string | null,
  options: DownloadOptions = {},
): Promise<DownloadResponse> {
  return respond(storeId, token, rangeHeader, options, "get");
}

/** The same decision and headers as `startDownload`, for HEAD: never counts, no body. */
export async function peekDownload(
  storeId: string,
  token: string,
  rangeHeader: string | null,
  options: DownloadOptions = {},
): Promise<DownloadResponse> {
  return respond(storeId, token, rangeHeader, options, "head");
}

async function respond(
  storeId: string,
  token: string,
  rangeHeader: string | null,
  options: DownloadOptions,
  method: "get" | "head",
): Promise<DownloadResponse> {
  if (!isWellFormedToken(token)) return { kind: "refused", refusal: "not_found" };
  const db = await getDb();
  const tokenHash = hashToken(token);
  const row = await loadGrant(db, storeId, tokenHash);
  if (!row) return { kind: "refused", refusal: "not_found" };

  // The stored size, not the recorded one, so Content-Length can't lie; a missing file
  // throws here, before a download is taken.
  const storage = getStorage();
  const size = await storage.size(row.storageKey);
  const etag = `"${row.sha256}"`;
  const range =
    !options.ifRange || options.ifRange.trim() === etag ? parseRange(rangeHeader, size) : { kind: "ignore" as const };

  const state = classify(row);
  const isFree = range.kind === "unsatisfiable" || (range.kind === "range" && range.start > 0 && row.resumable);
  let counted = false;
  if (isFree || method === "head") {
    if (state.status === "revoked" || state.status === "expired") return { kind: "refused", refusal: state.status };
    if (state.status === "exhausted" && !isFree) return { kind: "refused", refusal: "exhausted" };
  } else {
    counted = await claimDownload(db, storeId, tokenHash);
    if (!counted) {
      // Nothing said why; read the row again. Conditions only ever get worse, so a row
      // that now looks fine lost the race for the last download.
      const after = await loadGrant(db, storeId, tokenHash);
      const refusal = after ? classify(after).status : "not_found";
      return { kind: "refused", refusal: refusal === "ok" ? "exhausted" : refusal };
    }
  }

  const common: Record<string, string> = {
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    ETag: etag,
  };
  if (range.kind === "unsatisfiable") {
    return {
      kind: "file",
      status: 416,
      headers: { ...common, "Content-Range": `bytes */${size}` },
      body: null,
      counted,
    };
  }
  const headers: Record<string, string> = {
    ...common,
    "Content-Type": safeContentType(row.contentType),
    "Content-Disposition": contentDisposition(row.fileName),
  };
  if (range.kind === "range") {
    headers["Content-Length"] = String(range.end - range.start + 1);
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
    const body = method === "get" ? await storage.read(row.storageKey, { start: range.start, end: range.end }) : null;
    return { kind: "file", status: 206, headers, body, counted };
  }
  headers["Content-Length"] = String(size);
  const body = method === "get" ? await storage.read(row.storageKey) : null;
  return { kind: "file", status: 200, headers, body, counted };
}
