import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { storeStripeSettings, type PaymentMode, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { describeStripeError, stripeClient } from "./client";
import { loadStripeCredentials } from "./settings";
import { MODE_NAME } from "./keys";

/** How long a check an owner waits for may take, per Stripe call. */
export const CHECK_TIMEOUT_MS = 8_000;

/**
 * What "Check keys" found for one mode. `keys` fingerprints the pair it was made with
 * (the publishable key and the secret key's masked hint), so a check of older keys is
 * never shown as a check of the current ones.
 */
export const keyCheckShape = z.object({
  ok: z.boolean(),
  message: z.string(),
  checkedAt: z.string(),
  keys: z.string(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  chargesEnabled: z.boolean().nullable(),
});
export type KeyCheck = z.infer<typeof keyCheckShape>;

/** A check that could not reach Stripe says so, and is not kept: the next look tries again. */
export type KeyCheckOutcome = KeyCheck | { ok: null; message: string };

const fingerprint = (publishableKey: string, secretKeyHint: string | null) =>
  `${publishableKey}|${secretKeyHint ?? ""}`;

/**
 * Proves the publishable and secret key of a mode belong to the same Stripe account and
 * mode, as checkout needs: the secret key makes a PaymentIntent (never confirmed, canceled
 * at once) and the publishable key must then read it back with its client secret, exactly
 * as Stripe.js does on the checkout page. A publishable key of another account or mode
 * gets Stripe's "No such payment_intent". The account itself comes from `GET /v1/account`.
 */
export async function checkKeyPair(store: Store, mode: PaymentMode): Promise<KeyCheckOutcome> {
  const credentials = await loadStripeCredentials(store.id, mode);
  if (!credentials) return { ok: null, message: `No ${MODE_NAME[mode]} keys are saved.` };
  const secret = stripeClient(credentials.secretKey, { timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
  const publishable = stripeClient(credentials.publishableKey, { timeoutMs: CHECK_TIMEOUT_MS, retries: 0 });
  const base = {
    checkedAt: new Date().toISOString(),
    keys: fingerprint(credentials.publishableKey, credentials.secretKeyHint),
  };
  let account;
  try {
    account = await secret.accounts.retrieveCurrent();
  } catch (error) {
    return unreachableOr(error, base);
  }
  const found = {
    accountId: account.id,
    accountName: account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? null,
    chargesEnabled: account.charges_enabled ?? null,
  };
  try {
    const intent = await secret.paymentIntents.create({
      amount: 100,
      currency: store.currency,
      automatic_payment_methods: { enabled: true },
      description: "Storehost key check: canceled at once, never charged",
      metadata: { storehost_check: "publishable_key" },
    });
    try {
      await publishable.paymentIntents.retrieve(intent.id, { client_secret: intent.client_secret ?? "" });
    } catch (error) {
      if (isConnectionError(error)) return { ok: null, message: describeStripeError(error) };
      return {
        ...base,
        ...found,
        ok: false,
        message: `The ${MODE_NAME[mode]} publishable key does not belong to account ${account.id}, the account of the secret key (Stripe answered: ${describeStripeError(error)}). Copy both keys from the same page, Stripe → Developers → API keys, in ${MODE_NAME[mode]} mode.`,
      };
    } finally {
      await secret.paymentIntents.cancel(intent.id).catch((error: unknown) => {
        log.warn({ storeId: store.id, mode, err: describeStripeError(error) }, "key check intent not canceled");
      });
    }
  } catch (error) {
    return unreachableOr(error, { ...base, ...found });
  }
  return {
    ...base,
    ...found,
    ok: true,
    message: `Both ${MODE_NAME[mode]} keys belong to Stripe account ${account.id}${found.accountName ? ` (${found.accountName})` : ""}.`,
  };
}

function isConnectionError(error: unknown): boolean {
  return (error as { type?: string } | null)?.type === "StripeConnectionError";
}

function unreachableOr(
  error: unknown,
  base: Pick<KeyCheck, "checkedAt" | "keys"> & Partial<KeyCheck>,
): KeyCheckOutcome {
  if (isConnectionError(error)) return { ok: null, message: describeStripeError(error) };
  return {
    accountId: null,
    accountName: null,
    chargesEnabled: null,
    ...base,
    ok: false,
    message: describeStripeError(error),
  };
}

/** Runs the check and keeps a definite answer (not "unreachable") for the checklist. */
export async function runAndKeepKeyCheck(store: Store, mode: PaymentMode): Promise<KeyCheckOutcome> {
  const outcome = await checkKeyPair(store, mode);
  if (outcome.ok !== null) {
    const db = await getDb();
    await db
      .update(storeStripeSettings)
      .set(mode === "test" ? { testKeyCheck: outcome } : { liveKeyCheck: outcome })
      .where(eq(storeStripeSettings.storeId, store.id));
  }
  return outcome;
}

/**
 * The kept check of a mode if it was made with the keys saved now, else null (never
 * checked, or the keys changed since).
 */
export function currentKeyCheck(
  settings: {
    testKeyCheck: unknown;
    liveKeyCheck: unknown;
    testPublishableKey: string | null;
    livePublishableKey: string | null;
    testSecretKeyHint: string | null;
    liveSecretKeyHint: string | null;
  },
  mode: PaymentMode,
): KeyCheck | null {
  const parsed = keyCheckShape.safeParse(mode === "test" ? settings.testKeyCheck : settings.liveKeyCheck);
  if (!parsed.success) return null;
  const publishable = mode === "test" ? settings.testPublishableKey : settings.livePublishableKey;
  const hint = mode === "test" ? settings.testSecretKeyHint : settings.liveSecretKeyHint;
  if (!publishable || parsed.data.keys !== fingerprint(publishable, hint)) return null;
  return parsed.data;
}
