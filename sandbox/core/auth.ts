import type { IncomingHttpHeaders } from "node:http";
import { StripeApiError, unauthorized } from "./errors";
import type { ResolvedKey, SandboxStore } from "./store";

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/**
 * The key of a request: `Authorization: Bearer sk_...` (SDK, CLI), Basic auth with the
 * key as user name (curl -u), or a `key` parameter as Stripe.js sends its publishable key.
 */
export function presentedKey(headers: IncomingHttpHeaders, keyParam: string | undefined): string | undefined {
  const header = headers.authorization;
  if (header) {
    const [scheme, value = ""] = header.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer") return value;
    if (scheme?.toLowerCase() === "basic") {
      return Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "";
    }
    return header;
  }
  return keyParam;
}

/** Stripe shows only the prefix and the last four characters of a rejected key. */
export function maskKey(key: string): string {
  const match = /^([a-z]{2}_(?:test|live)_)/.exec(key);
  const prefix = match?.[1] ?? "";
  if (key.length <= prefix.length + 4) return key;
  return `${prefix}${"*".repeat(key.length - prefix.length - 4)}${key.slice(-4)}`;
}

export function authenticate(store: SandboxStore, key: string | undefined, allowPublishable: boolean): ResolvedKey {
  if (key === undefined || key === "") throw unauthorized(NO_KEY_MESSAGE);
  const resolved = store.resolveKey(key);
  if (!resolved) throw unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
  if (resolved.kind === "publishable" && !allowPublishable) {
    throw new StripeApiError(
      401,
      {
        type: "invalid_request_error",
        code: "secret_key_required",
        message:
          "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
      },
      false,
    );
  }
  return resolved;
}
