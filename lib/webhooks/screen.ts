import "server-only";
import type { Refusal } from "./refusal-codes";

/** What a body claims before verification: for the refusal samples and logs, never trusted. */
export type Claims = { id: string | null; type: string | null; livemode: boolean | null };

export type Screening =
  { ok: true; claims: Claims; signatureHeader: string } | { ok: false; claims: Claims; refusal: Refusal };

/** Stripe's event ids: `evt_` and letters, digits or underscores (`evt_1Pgc76B7…`). */
const EVENT_ID = /^evt_[A-Za-z0-9_]{1,250}$/;

/** `t=<unix seconds>` and at least one `v1=<64 hex>`, as Stripe sends it. */
const TIMESTAMP_ITEM = /^t=\d{1,12}$/;
const V1_ITEM = /^v1=[0-9a-f]{64}$/;
const MAX_SIGNATURE_HEADER = 2000;

/** Text Postgres cannot store (NUL in text or jsonb) or store as jsonb (a lone surrogate). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The checks that need no secret, run before the store's secrets are even loaded, so
 * anonymous junk costs one parse: a Stripe-Signature header in Stripe's format, and a body
 * that could be a Stripe event (a JSON object with an `evt_` id and nothing Postgres cannot
 * store). A refusal here is a 400 with a JSON body, never an exception.
 */
export function screenDelivery(rawBody: string, signatureHeader: string | null): Screening {
  const parsed = parseJson(rawBody);
  const claims = claimsOf(parsed);
  if (!signatureHeader) {
    return {
      ok: false,
      claims,
      refusal: {
        code: "missing_signature",
        diagnosis:
          "The request had no Stripe-Signature header, so it did not come from Stripe (or a proxy removed the header).",
      },
    };
  }
  if (!isStripeSignatureHeader(signatureHeader)) {
    return {
      ok: false,
      claims,
      refusal: {
        code: "malformed_signature",
        diagnosis: "The Stripe-Signature header is not in Stripe's format (t=…,v1=…), so it did not come from Stripe.",
      },
    };
  }
  const problem = bodyProblem(rawBody, parsed);
  if (problem) {
    return {
      ok: false,
      claims,
      refusal: { code: "not_an_event", diagnosis: `The body is not a Stripe event: ${problem}` },
    };
  }
  return { ok: true, claims, signatureHeader };
}

export function isStripeSignatureHeader(header: string): boolean {
  if (header.length > MAX_SIGNATURE_HEADER) return false;
  const items = header.split(",").map((item) => item.trim());
  return items.filter((item) => TIMESTAMP_ITEM.test(item)).length === 1 && items.some((item) => V1_ITEM.test(item));
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseJson(rawBody: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(rawBody) as unknown };
  } catch {
    return { ok: false };
  }
}

function claimsOf(parsed: Parsed): Claims {
  if (!parsed.ok || !isObject(parsed.value)) return { id: null, type: null, livemode: null };
  const { id, type, livemode } = parsed.value;
  return {
    id: typeof id === "string" ? id : null,
    type: typeof type === "string" ? type : null,
    livemode: typeof livemode === "boolean" ? livemode : null,
  };
}

function bodyProblem(rawBody: string, parsed: Parsed): string | null {
  if (rawBody.includes("\u0000")) return "it contains a NUL character.";
  if (!parsed.ok) return "it is not valid JSON.";
  if (!isObject(parsed.value)) return "it is not a JSON object.";
  const { id } = parsed.value;
  if (typeof id !== "string" || !EVENT_ID.test(id)) return "its id is not a Stripe event id (evt_…).";
  if (hasUnstorableText(parsed.value)) return "it contains a NUL character or broken Unicode.";
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Walks every key and string without recursion: a body may nest arrays thousands deep. */
function hasUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (UNSTORABLE.test(next)) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (isObject(next)) {
      for (const [key, item] of Object.entries(next)) {
        if (UNSTORABLE.test(key)) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
