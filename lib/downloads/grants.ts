import "server-only";
import { and, asc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { downloadGrants, orderItems, orders, productFiles, products } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { randomUUID } from "node:crypto";
import { downloadToken, hashToken } from "./tokens";

/** One link handed to a buyer. The token exists only here and in the buyer's email. */
export type IssuedDownload = {
  grantId: string;
  productName: string;
  fileName: string;
  token: string;
  expiresAt: Date | null;
  downloadLimit: number | null;
};

/** A grant as the admin sees it: never the token, which is not stored. */
export type OrderGrantSummary = {
  id: string;
  fileName: string;
  downloadCount: number;
  downloadLimit: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/**
 * Issues one download link per file of each product the order bought, with the product's
 * expiry and limit as they are now. Runs on the caller's transaction (the webhook's), so
 * the grants exist exactly when the order is paid.
 *
 * Files that already have a grant on this order are skipped, so a repeated call never
 * doubles a buyer's links; it returns only the links it issued.
 */
export async function createDownloadGrants(tx: Tx, storeId: string, orderId: string): Promise<IssuedDownload[]> {
  const files = await tx
    .selectDistinctOn([productFiles.id], {
      productFileId: productFiles.id,
      fileName: productFiles.fileName,
      productName: products.name,
      downloadLimit: products.downloadLimit,
      downloadExpiryDays: products.downloadExpiryDays,
    })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.id, orderItems.orderId), eq(orders.storeId, storeId)))
    .innerJoin(products, and(eq(products.id, orderItems.productId), eq(products.storeId, storeId)))
    // Files the owner removed stay for earlier buyers, but new orders don't get them.
    .innerJoin(
      productFiles,
      and(eq(productFiles.productId, products.id), eq(productFiles.storeId, storeId), isNull(productFiles.removedAt)),
    )
    .leftJoin(
      downloadGrants,
      and(
        eq(downloadGrants.storeId, storeId),
        eq(downloadGrants.orderId, orderId),
        eq(downloadGrants.productFileId, productFiles.id),
      ),
    )
    .where(and(eq(orderItems.storeId, storeId), eq(orderItems.orderId, orderId), isNull(downloadGrants.id)))
    .orderBy(asc(productFiles.id));
  if (files.length === 0) return [];

  const issued = files.map((file) => {
    const grantId = randomUUID();
    return { ...file, grantId, token: downloadToken(grantId) };
  });
  const byHash = new Map(issued.map((file) => [hashToken(file.token), file]));
  const rows = await tx
    .insert(downloadGrants)
    .values(
      [...byHash].map(([tokenHash, file]) => ({
        id: file.grantId,
        storeId,
        orderId,
        productFileId: file.productFileId,
        tokenHash,
        // The database clock, the same one that later decides whether the link expired.
        expiresAt:
          file.downloadExpiryDays === null ? null : sql`now() + make_interval(days => ${file.downloadExpiryDays}::int)`,
        downloadLimit: file.downloadLimit,
      })),
    )
    .returning({ id: downloadGrants.id, tokenHash: downloadGrants.tokenHash, expiresAt: downloadGrants.expiresAt });

  return rows
    .map((row) => {
      const file = byHash.get(row.tokenHash);
      if (!file) throw new Error("download grant insert returned an unknown token hash");
      return {
        grantId: row.id,
        productName: file.productName,
        fileName: file.fileName,
        token: file.token,
        expiresAt: row.expiresAt,
        downloadLimit: file.downloadLimit,
      };
    })
    .sort((a, b) => a.productName.localeCompare(b.productName) || a.fileName.localeCompare(b.fileName));
}

/** Revokes every live grant of an order (a refund); returns how many it revoked. */
export async function revokeDownloadGrants(tx: Tx, storeId: string, orderId: string): Promise<number> {
  const revoked = await tx
    .update(downloadGrants)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.orderId, orderId), isNull(downloadGrants.revokedAt)),
    )
    .returning({ id: downloadGrants.id });
  return revoked.length;
}

/**
 * New links for an order's live (unrevoked) grants, for a resent receipt; the old links stop
 * working. A link is derived from its grant's id (tokens.ts), so a fresh link takes a fresh
 * id; the grant keeps its file, count, limit and expiry. Runs on the caller's transaction,
 * with the receipt that carries the new links.
 */
export async function reissueDownloadLinks(tx: Tx, storeId: string, orderId: string): Promise<IssuedDownload[]> {
  const live = await tx
    .select({
      id: downloadGrants.id,
      productName: products.name,
      fileName: productFiles.fileName,
      expiresAt: downloadGrants.expiresAt,
      downloadLimit: downloadGrants.downloadLimit,
    })
    .from(downloadGrants)
    .innerJoin(productFiles, and(eq(productFiles.id, downloadGrants.productFileId), eq(productFiles.storeId, storeId)))
    .innerJoin(products, and(eq(products.id, productFiles.productId), eq(products.storeId, storeId)))
    .where(
      and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.orderId, orderId), isNull(downloadGrants.revokedAt)),
    )
    .for("update", { of: downloadGrants });
  const issued: IssuedDownload[] = [];
  for (const grant of live) {
    const grantId = randomUUID();
    const token = downloadToken(grantId);
    await tx
      .update(downloadGrants)
      .set({ id: grantId, tokenHash: hashToken(token) })
      .where(and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.id, grant.id)));
    issued.push({
      grantId,
      productName: grant.productName,
      fileName: grant.fileName,
      token,
      expiresAt: grant.expiresAt,
      downloadLimit: grant.downloadLimit,
    });
  }
  return issued.sort((a, b) => a.productName.localeCompare(b.productName) || a.fileName.localeCompare(b.fileName));
}

export type GrantChange = { grantId: string; changed: boolean };

const grantOfOrder = (storeId: string, orderId: string, grantId: string) =>
  and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.orderId, orderId), eq(downloadGrants.id, grantId));

/** Answers a change that touched no row: an unchanged grant of this order, or a refusal. */
async function unchanged(tx: Tx, storeId: string, orderId: string, grantId: string): Promise<GrantChange> {
  const [grant] = await tx
    .select({ id: downloadGrants.id })
    .from(downloadGrants)
    .where(grantOfOrder(storeId, orderId, grantId));
  if (!grant) {
    throw new AppError(
      "grant_not_found",
      "That download is not part of this order (its link may have been reissued). Reload the page.",
      404,
    );
  }
  return { grantId, changed: false };
}

/** Stops one of an order's links, at the owner's choice; the buyer's page says the store revoked it. */
export async function revokeGrant(storeId: string, orderId: string, grantId: string): Promise<GrantChange> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(downloadGrants)
      .set({ revokedAt: sql`now()` })
      .where(and(grantOfOrder(storeId, orderId, grantId), isNull(downloadGrants.revokedAt)))
      .returning({ id: downloadGrants.id });
    return revoked.length > 0 ? { grantId, changed: true } : unchanged(tx, storeId, orderId, grantId);
  });
}

/**
 * Makes a revoked link work again, unless the order was refunded in full: a refund's
 * revocation stands. The order is locked, so a refund arriving at the same moment either
 * finds the grant restored (and revokes it) or is seen here.
 */
export async function restoreGrant(storeId: string, orderId: string, grantId: string): Promise<GrantChange> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(and(eq(orders.storeId, storeId), eq(orders.id, orderId)))
      .for("update");
    if (order?.status === "refunded") {
      throw new AppError("order_refunded", "This order was refunded in full, so its downloads stay revoked.", 409);
    }
    const restored = await tx
      .update(downloadGrants)
      .set({ revokedAt: null })
      .where(and(grantOfOrder(storeId, orderId, grantId), isNotNull(downloadGrants.revokedAt)))
      .returning({ id: downloadGrants.id });
    return restored.length > 0 ? { grantId, changed: true } : unchanged(tx, storeId, orderId, grantId);
  });
}

/** Gives a link its full download allowance again: the count back to 0, no resume window. */
export async function resetGrantDownloads(storeId: string, orderId: string, grantId: string): Promise<GrantChange> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const reset = await tx
      .update(downloadGrants)
      .set({ downloadCount: 0, lastCountedAt: null })
      .where(
        and(
          grantOfOrder(storeId, orderId, grantId),
          or(ne(downloadGrants.downloadCount, 0), isNotNull(downloadGrants.lastCountedAt)),
        ),
      )
      .returning({ id: downloadGrants.id });
    return reset.length > 0 ? { grantId, changed: true } : unchanged(tx, storeId, orderId, grantId);
  });
}

/** The buyer's page for a link, relative to the store's host: `storeUrl(store, downloadPath(token))`. */
export function downloadPath(token: string): string {
  return `/downloads/${encodeURIComponent(token)}`;
}

/** The grants of one order, for the admin's order page. */
export async function listOrderGrants(storeId: string, orderId: string): Promise<OrderGrantSummary[]> {
  const db = await getDb();
  return db
    .select({
      id: downloadGrants.id,
      fileName: productFiles.fileName,
      downloadCount: downloadGrants.downloadCount,
      downloadLimit: downloadGrants.downloadLimit,
      expiresAt: downloadGrants.expiresAt,
      revokedAt: downloadGrants.revokedAt,
    })
    .from(downloadGrants)
    .innerJoin(productFiles, and(eq(productFiles.id, downloadGrants.productFileId), eq(productFiles.storeId, storeId)))
    .where(and(eq(downloadGrants.storeId, storeId), eq(downloadGrants.orderId, orderId)))
    .orderBy(asc(productFiles.fileName), asc(downloadGrants.createdAt));
}

/**
 * The buyer's links for a paid order, for the order page that the buyer reached with the
 * order's own access link; revoked grants are listed without a link.
 */
export async function listBuyerDownloads(
  storeId: string,
  orderId: string,
): Promise<(OrderGrantSummary & { path: string | null })[]> {
  const grants = await listOrderGrants(storeId, orderId);
  return grants.map((grant) => ({ ...grant, path: grant.revokedAt ? null : downloadPath(downloadToken(grant.id)) }));
}
