import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** What a token is for: the same id never gives the same token for two purposes. */
type LinkPurpose = "download-grant" | "order-access" | "support-snapshot";

// A key of its own for links, derived from AUTH_SECRET, so link tokens can be re-derived
// (shown again on the order page) without storing them; the database keeps only hashes.
let linkKey: Buffer | undefined;
const key = () => (linkKey ??= Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "storehost", "link-tokens", 32)));

/** An unguessable 43-character token for `purpose` and `id`; the same inputs give the same token. */
export function linkToken(purpose: LinkPurpose, id: string): string {
  return createHmac("sha256", key()).update(`${purpose}:${id}`).digest("base64url");
}

export function isLinkToken(purpose: LinkPurpose, id: string, candidate: string): boolean {
  const expected = Buffer.from(linkToken(purpose, id));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
