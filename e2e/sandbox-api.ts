import { E2E_SANDBOX_URL } from "../playwright.config";

export type SandboxAccount = { id: string; keys: Record<"test" | "live", { publishable: string; secret: string }> };
export type SandboxDelivery = {
  event_id: string;
  event_type: string;
  endpoint_url: string;
  status_code: number | null;
  succeeded: boolean;
};

/** The e2e run's Stripe sandbox, driven the way a developer would with curl. */
export async function createSandboxAccount(): Promise<SandboxAccount> {
  const response = await fetch(`${E2E_SANDBOX_URL}/_sandbox/accounts`, { method: "POST" });
  return (await response.json()) as SandboxAccount;
}

export async function sandboxDeliveries(accountId: string): Promise<SandboxDelivery[]> {
  const response = await fetch(`${E2E_SANDBOX_URL}/_sandbox/accounts/${accountId}/deliveries?mode=test`);
  const body = (await response.json()) as { data: SandboxDelivery[] };
  return body.data;
}

/** Form-encoded Stripe API call with a secret key, as the shopper's card payment would be confirmed. */
export async function stripeApi(
  secretKey: string,
  path: string,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${E2E_SANDBOX_URL}/v1/${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${secretKey}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  return (await response.json()) as Record<string, unknown>;
}
