import { inject } from "vitest";
import { stripeClient } from "@/lib/stripe/client";

export type SandboxKeys = { publishable: string; secret: string };
export type SandboxAccount = { id: string; keys: { test: SandboxKeys; live: SandboxKeys } };

/** A fresh account in the run's Stripe sandbox, with its test and live keys. */
export async function createSandboxAccount(): Promise<SandboxAccount> {
  const response = await fetch(`${inject("stripeSandboxUrl")}/_sandbox/accounts`, { method: "POST" });
  if (!response.ok) throw new Error(`sandbox refused to create an account: ${response.status}`);
  return (await response.json()) as SandboxAccount;
}

/** The SDK as the platform configures it, pointed at the sandbox. */
export const sandboxStripe = (secretKey: string) => stripeClient(secretKey);
