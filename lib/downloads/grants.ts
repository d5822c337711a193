import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { downloadGrants, orderItems, orders, productFiles, products } from "@/db/schema";
import { getDb, type Tx } from "@/lib/db";
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
