import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

type Key = { id: string; key: Buffer };

const VERSION = "v1";

/**
 * Encrypts a secret with AES-256-GCM under the current key (the first of
 * APP_ENCRYPTION_KEY). `context` is bound as associated data (e.g. `<store id>:test_secret_key`),
 * so an envelope copied into another store's row or another column does not decrypt.
 * Envelope: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function encryptSecret(plaintext: string, context: string, keys: Key[] = env.APP_ENCRYPTION_KEY): string {
  const current = keys[0];
  if (!current) throw new Error("no encryption key configured");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, current.id, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** Decrypts with whichever configured key the envelope names, so old keys can rotate out. */
export function decryptSecret(envelope: string, context: string, keys: Key[] = env.APP_ENCRYPTION_KEY): string {
  const [version, keyId, iv, tag, ciphertext] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined)
    throw new Error("not a secret envelope");
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new Error(`secret was encrypted with key "${keyId}", which is not in APP_ENCRYPTION_KEY`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** The id of the key an envelope was sealed with (for re-encryption after a rotation). */
export function envelopeKeyId(envelope: string): string | undefined {
  return envelope.split(".")[1];
}

/**
 * What the dashboard shows after saving: the prefix up to the last underscore and the last
 * four characters, e.g. `sk_test_…a1b2`. Never more than four characters of the secret.
 */
export function maskSecret(secret: string): string {
  const prefix = /^([a-z]+_(test_|live_)?)/.exec(secret)?.[1] ?? "";
  return `${prefix}…${secret.slice(-4)}`;
}
