import type { PaymentMode } from "@/db/schema";

export type KeyKind = "publishable" | "secret" | "webhook";

/** A mode as the owner reads it in Stripe's dashboard and in ours. */
export const MODE_NAME: Record<PaymentMode, string> = { test: "Test", live: "Live" };

const BODY = /^[A-Za-z0-9]+$/;
// Stripe keys carry at least 24 characters after the prefix; webhook secrets 32.
const MIN_BODY = { publishable: 24, secret: 24, webhook: 32 } as const;

const PREFIXES: Record<KeyKind, Record<PaymentMode, readonly string[]>> = {
  publishable: { test: ["pk_test_"], live: ["pk_live_"] },
  secret: { test: ["sk_test_", "rk_test_"], live: ["sk_live_", "rk_live_"] },
  webhook: { test: ["whsec_"], live: ["whsec_"] },
};

const LABEL: Record<KeyKind, string> = {
  publishable: "Stripe Publishable Key",
  secret: "Stripe Secret Key",
  webhook: "Stripe Webhook Signing Secret",
};

/** The mode a key says it belongs to, from its prefix (webhook secrets don't say). */
export function keyMode(value: string): PaymentMode | null {
  if (/^(pk|sk|rk)_test_/.test(value)) return "test";
  if (/^(pk|sk|rk)_live_/.test(value)) return "live";
  return null;
}

/** Why `value` can't be the `kind` key of `mode`, in words for the owner; null if it can. */
export function keyProblem(kind: KeyKind, mode: PaymentMode, value: string): string | null {
  const other: PaymentMode = mode === "test" ? "live" : "test";
  const prefixes = PREFIXES[kind][mode];
  const prefix = prefixes.find((p) => value.startsWith(p));
  if (!prefix) {
    if (PREFIXES[kind][other].some((p) => value.startsWith(p))) {
      return `This is a ${other} key; paste it in the ${other === "live" ? "Live" : "Test"} section.`;
    }
    if (kind !== "publishable" && value.startsWith("pk_"))
      return "This is a publishable key; the secret key starts with sk_ or rk_.";
    if (kind === "publishable" && /^(sk|rk)_/.test(value))
      return "This is a secret key; the publishable key starts with pk_.";
    if (kind !== "webhook" && value.startsWith("whsec_"))
      return "This is a webhook signing secret; it goes in Stripe Webhook Signing Secret.";
    if (kind === "webhook" && /^(sk|rk|pk)_/.test(value))
      return "This is an API key; the webhook signing secret starts with whsec_.";
    return `${LABEL[kind]} must start with ${prefixes.join(" or ")}.`;
  }
  const body = value.slice(prefix.length);
  if (!BODY.test(body))
    return `${LABEL[kind]} contains characters Stripe keys never have (spaces or punctuation?). Copy it again.`;
  if (body.length < MIN_BODY[kind]) return `${LABEL[kind]} looks cut off: copy the whole value from Stripe.`;
  return null;
}
