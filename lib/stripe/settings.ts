import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { checkoutMode, storeStripeSettings, type PaymentMode, type StoreStripeSettings } from "@/db/schema";
import { isStoreOwnerEmailVerified } from "@/lib/auth/email-verification";
import { decryptSecret, encryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { getDb, type Executor } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { keyProblem, type KeyKind } from "./keys";

const MODES = ["test", "live"] as const;

/** Beside the Live mode switch while the owner's address is unverified; the form offers a new link. */
export const LIVE_MODE_NEEDS_VERIFIED_EMAIL =
  "Confirm the owner's email address before switching Live mode on: follow the link we mailed, or send a new one.";
const optionalKey = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v || undefined);

/** The Dashboard Settings form. Blank secret fields keep the stored value. */
export const stripeSettingsInput = z.object({
  testPublishableKey: optionalKey,
  testSecretKey: optionalKey,
  testWebhookSecret: optionalKey,
  livePublishableKey: optionalKey,
  liveSecretKey: optionalKey,
  liveWebhookSecret: optionalKey,
  liveMode: z
    .union([z.literal("on"), z.boolean()])
    .optional()
    .transform((v) => v === "on" || v === true),
  checkoutMode: z.enum(checkoutMode.enumValues).optional(),
});
export type StripeSettingsInput = z.input<typeof stripeSettingsInput>;

type ModeView = {
  publishableKey: string | null;
  secretKeyHint: string | null;
  webhookSecretHint: string | null;
  webhookEndpointId: string | null;
  complete: boolean;
};

/** What the dashboard may show: publishable keys and masked hints, never a secret. */
export type StripeSettingsView = {
  liveMode: boolean;
  activeMode: PaymentMode;
  checkoutMode: StoreStripeSettings["checkoutMode"];
  test: ModeView;
  live: ModeView;
};

export type StripeCredentials = {
  mode: PaymentMode;
  publishableKey: string;
  secretKey: string;
  /** Its masked form, as the dashboard shows it. */
  secretKeyHint: string | null;
  webhookSecret: string | null;
};

type Field = "PublishableKey" | "SecretKey" | "WebhookSecret" | "WebhookEndpointId";
const column = <F extends Field>(mode: PaymentMode, field: F) => `${mode}${field}` as `${PaymentMode}${F}`;
const context = (storeId: string, mode: PaymentMode, field: "secret_key" | "webhook_secret") =>
  `${storeId}:${mode}_${field}`;

async function findRow(storeId: string, executor?: Executor): Promise<StoreStripeSettings | null> {
  const db = executor ?? (await getDb());
  const [row] = await db.select().from(storeStripeSettings).where(eq(storeStripeSettings.storeId, storeId)).limit(1);
  return row ?? null;
}

function modeView(row: StoreStripeSettings | null, mode: PaymentMode): ModeView {
  const publishableKey = row?.[column(mode, "PublishableKey")] ?? null;
  const secretKeyHint = row?.[`${mode}SecretKeyHint`] ?? null;
  const webhookSecretHint = row?.[`${mode}WebhookSecretHint`] ?? null;
  return {
    publishableKey,
    secretKeyHint,
    webhookSecretHint,
    webhookEndpointId: row?.[column(mode, "WebhookEndpointId")] ?? null,
    complete: !!(publishableKey && secretKeyHint && webhookSecretHint),
  };
}

export async function getStripeSettingsView(storeId: string): Promise<StripeSettingsView> {
  const row = await findRow(storeId);
  const liveMode = row?.liveMode ?? false;
  return {
    liveMode,
    activeMode: liveMode ? "live" : "test",
    checkoutMode: row?.checkoutMode ?? "payment_element",
    test: modeView(row, "test"),
    live: modeView(row, "live"),
  };
}

/**
 * Validates and saves the form: prefixes per section, full-length values, both keys of a
 * mode together, and live mode only with a complete live set and, to switch it on, an owner
 * whose email is verified (a store that is live already may stay so). Field errors use the
 * form's input names. Takes effect on the next request (nothing is cached).
 */
export async function saveStripeSettings(
  storeId: string,
  raw: StripeSettingsInput,
  savedByUserId?: string,
): Promise<StripeSettingsView> {
  const input = stripeSettingsInput.parse(raw);
  const row = await findRow(storeId);
  await assertStripeSettingsValid(storeId, input, row);

  const values: Partial<typeof storeStripeSettings.$inferInsert> = {
    liveMode: input.liveMode,
    ...(input.checkoutMode && { checkoutMode: input.checkoutMode }),
    ...(savedByUserId && { savedByUserId }),
  };
  for (const mode of MODES) {
    const publishable = input[column(mode, "PublishableKey")];
    const secret = input[column(mode, "SecretKey")];
    const webhook = input[column(mode, "WebhookSecret")];
    if (publishable) values[column(mode, "PublishableKey")] = publishable;
    if (secret) {
      values[column(mode, "SecretKey")] = encryptSecret(secret, context(storeId, mode, "secret_key"));
      values[`${mode}SecretKeyHint`] = maskSecret(secret);
    }
    if (webhook) {
      values[column(mode, "WebhookSecret")] = encryptSecret(webhook, context(storeId, mode, "webhook_secret"));
      values[`${mode}WebhookSecretHint`] = maskSecret(webhook);
      values[`${mode}WebhookSecretSavedAt`] = new Date();
    }
  }
  const db = await getDb();
  await db
    .insert(storeStripeSettings)
    .values({ storeId, ...values })
    .onConflictDoUpdate({ target: storeStripeSettings.storeId, set: values });
  return getStripeSettingsView(storeId);
}

/** The form's rules (see saveStripeSettings); throws an AppError with the field errors. */
export async function assertStripeSettingsValid(
  storeId: string,
  input: z.output<typeof stripeSettingsInput>,
  row?: StoreStripeSettings | null,
): Promise<void> {
  if (row === undefined) row = await findRow(storeId);
  const errors: Record<string, string> = {};
  const check = (mode: PaymentMode, kind: KeyKind, name: keyof typeof input) => {
    const value = input[name];
    if (typeof value !== "string") return;
    const problem = keyProblem(kind, mode, value);
    if (problem) errors[name] = problem;
  };
  for (const mode of MODES) {
    check(mode, "publishable", column(mode, "PublishableKey"));
    check(mode, "secret", column(mode, "SecretKey"));
    check(mode, "webhook", column(mode, "WebhookSecret"));
  }
  const after = (mode: PaymentMode) => ({
    publishable: input[column(mode, "PublishableKey")] ?? row?.[column(mode, "PublishableKey")] ?? null,
    secret: !!(input[column(mode, "SecretKey")] ?? row?.[column(mode, "SecretKey")]),
    webhook: !!(input[column(mode, "WebhookSecret")] ?? row?.[column(mode, "WebhookSecret")]),
  });
  for (const mode of MODES) {
    const keys = after(mode);
    if (keys.publishable && !keys.secret)
      errors[column(mode, "SecretKey")] ??= "Add the secret key of the same Stripe account too.";
    if (!keys.publishable && keys.secret)
      errors[column(mode, "PublishableKey")] ??= "Add the publishable key of the same Stripe account too.";
  }
  if (input.liveMode) {
    const live = after("live");
    if (!live.publishable || !live.secret || !live.webhook) {
      errors.liveMode =
        "Live mode needs all three Live values: publishable key, secret key and webhook signing secret.";
    }
    if (!row?.liveMode && !(await isStoreOwnerEmailVerified(storeId))) {
      errors.liveMode ??= LIVE_MODE_NEEDS_VERIFIED_EMAIL;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError("invalid_stripe_settings", "Some values need fixing before they can be saved.", 400, errors);
  }
}

/** Records the endpoint "Set up webhook for me" created, with its signing secret. */
export async function saveWebhookEndpoint(
  storeId: string,
  mode: PaymentMode,
  endpointId: string,
  secret: string,
  savedByUserId?: string,
): Promise<void> {
  const db = await getDb();
  const values = {
    [column(mode, "WebhookEndpointId")]: endpointId,
    [column(mode, "WebhookSecret")]: encryptSecret(secret, context(storeId, mode, "webhook_secret")),
    [`${mode}WebhookSecretHint`]: maskSecret(secret),
    [`${mode}WebhookSecretSavedAt`]: new Date(),
    ...(savedByUserId && { savedByUserId }),
  };
  await db
    .insert(storeStripeSettings)
    .values({ storeId, ...values })
    .onConflictDoUpdate({ target: storeStripeSettings.storeId, set: values });
}

/** The decrypted keys of one mode (default: the active one), or null if incomplete. Server-side only. */
export async function loadStripeCredentials(
  storeId: string,
  mode?: PaymentMode,
  executor?: Executor,
): Promise<StripeCredentials | null> {
  const row = await findRow(storeId, executor);
  if (!row) return null;
  const chosen: PaymentMode = mode ?? (row.liveMode ? "live" : "test");
  const publishableKey = row[column(chosen, "PublishableKey")];
  const secretEnvelope = row[column(chosen, "SecretKey")];
  if (!publishableKey || !secretEnvelope) return null;
  const webhookEnvelope = row[column(chosen, "WebhookSecret")];
  return {
    mode: chosen,
    publishableKey,
    secretKey: decryptSecret(secretEnvelope, context(storeId, chosen, "secret_key")),
    secretKeyHint: row[`${chosen}SecretKeyHint`],
    webhookSecret: webhookEnvelope ? decryptSecret(webhookEnvelope, context(storeId, chosen, "webhook_secret")) : null,
  };
}

/** Both modes' signing secrets and the active mode, for verifying and diagnosing deliveries. */
export async function loadWebhookSecrets(
  storeId: string,
): Promise<{ activeMode: PaymentMode; secrets: Record<PaymentMode, string | null> }> {
  const row = await findRow(storeId);
  const secret = (mode: PaymentMode) => {
    const envelope = row?.[column(mode, "WebhookSecret")];
    return envelope ? decryptSecret(envelope, context(storeId, mode, "webhook_secret")) : null;
  };
  return { activeMode: row?.liveMode ? "live" : "test", secrets: { test: secret("test"), live: secret("live") } };
}
