import "server-only";
import type { PaymentMode, Store } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { storeUrl } from "@/lib/tenancy/stores";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handlers";
import { describeStripeError, stripeClient } from "./client";
import { loadStripeCredentials, saveWebhookEndpoint } from "./settings";

const MODE_NAME: Record<PaymentMode, string> = { test: "Test", live: "Live" };

export type CheckResult = { ok: boolean; message: string };

async function credentialsOf(storeId: string, mode: PaymentMode) {
  const credentials = await loadStripeCredentials(storeId, mode);
  if (!credentials) {
    throw new AppError("no_keys", `Save the ${MODE_NAME[mode]} publishable and secret keys first.`, 400);
  }
  return credentials;
}

/** "Check keys": one real API call with the secret key, reported in plain words. */
export async function checkStripeKeys(storeId: string, mode: PaymentMode): Promise<CheckResult> {
  const { secretKey } = await credentialsOf(storeId, mode);
  try {
    await stripeClient(secretKey).paymentIntents.list({ limit: 1 });
    return { ok: true, message: `Stripe accepted the ${MODE_NAME[mode]} secret key.` };
  } catch (error) {
    log.info({ storeId, mode, err: describeStripeError(error) }, "stripe key check failed");
    return { ok: false, message: describeStripeError(error) };
  }
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
export async function setUpWebhookEndpoint(store: Store, mode: PaymentMode): Promise<CheckResult & { url: string }> {
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
    await saveWebhookEndpoint(store.id, mode, endpoint.id, endpoint.secret);
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
