import "server-only";
import { createHash } from "node:crypto";
import { linkToken } from "@/lib/crypto/link-tokens";

/**
 * A grant's link token: an HMAC of its id under the server's link key, 43 base64url
 * characters. Unguessable without the key, and re-derivable, so the buyer's order page can
 * show the links again while the database holds only their hashes.
 */
export function downloadToken(grantId: string): string {
  return linkToken("download-grant", grantId);
}

/** What the database stores instead of the token, so a leaked table opens no downloads. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Anything else cannot be one of our tokens, so it needs no database lookup. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
