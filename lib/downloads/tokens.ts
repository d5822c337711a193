import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: 43 characters, safe in a URL path as they are. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores instead of the token, so a leaked table opens no downloads. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Anything else cannot be one of our tokens, so it needs no database lookup. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
