import "server-only";
import type { PaymentMode, Store } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { storeUrl } from "@/lib/tenancy/stores";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handlers";
import { describeStripeError, stripeClient } from "./client";
import { runAndKeepKeyCheck } from "./key-check";
import { loadStripeCredentials, saveWebhookEndpoint } from "./settings";
import { MODE_NAME } from "./keys";

export type CheckResult = { ok: boolean; message: string };

async function credentialsOf(storeId: string, mode: PaymentMode) {
  const credentials = await loadStripeCredentials(storeId, mode);
  if (!credentials) {
    throw new AppError("no_keys", `Save the ${MODE_NAME[mode]} publishable and secret keys first.`, 400);
  }
  return credentials;
}

/**
 * "Check keys": proves both keys of the mode belong to one Stripe account and mode
 * (key-check.ts) and keeps the answer for the launch checklist.
 */
export async function checkStripeKeys(store: Store, mode: PaymentMode): Promise<CheckResult> {
  await credentialsOf(store.id, mode);
  const outcome = await runAndKeepKeyCheck(store, mode);
  if (outcome.ok !== true) log.info({ storeId: store.id, mode, message: outcome.message }, "stripe key check failed");
  return { ok: outcome.ok === true, message: outcome.message };
}

/** The exact URL Stripe must call for this store: its host, with the trailing slash. */
export function webhookUrl(store: Pick<Store, "subdomain">): string {
  return storeUrl(store, "/shop/webhook/");
}

/**
 * "Set up webhook for me": creates the endpoint in the owner's Stripe account at the
 * store's exact webhook URL with the events the store needs, and saves its signing secret.
 * An older endpoint at the same URL is removed, since Stripe only reveals a secret on
 * creation and two endpoints would deliver every event twice.
 */
export async function setUpWebhookEndpoint(
  store: Store,
  mode: PaymentMode,
  savedByUserId?: string,
): Promise<CheckResult & { url: string }> {
  const { secretKey } = await credentialsOf(store.id, mode);
  const stripe = stripeClient(secretKey);
  const url = webhookUrl(store);
  try {
    const existing = await stripe.webhookEndpoints.list({ limit: 100 });
    for (const endpoint of existing.data.filter((e) => e.url === url)) await stripe.webhookEndpoints.del(endpoint.id);
    const endpoint = await stripe.webhookEndpoints.create({
      url,
      enabled_events: HANDLED_EVENT_TYPES,
      description: `${store.name} (storehost)`,
    });
    if (!endpoint.secret)
      throw new AppError("no_secret", "Stripe created the endpoint but returned no signing secret.", 502);
    await saveWebhookEndpoint(store.id, mode, endpoint.id, endpoint.secret, savedByUserId);
    log.info({ storeId: store.id, mode, endpointId: endpoint.id }, "webhook endpoint set up");
    return {
      ok: true,
      url,
      message: `Stripe will send ${HANDLED_EVENT_TYPES.length} event types to ${url} (${MODE_NAME[mode]} mode, endpoint ${endpoint.id}). Its signing secret is saved.`,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    return { ok: false, url, message: describeStripeError(error) };
  }
}
