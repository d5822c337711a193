// The Stripe sandbox as a process: `npm run sandbox` (development and demos only).
import { startSandbox } from "./server";
import { deliverySettingsFromEnv } from "./webhooks/delivery-settings";

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`[sandbox] ${name} must be a non-negative number, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

function deliveryFromEnv() {
  try {
    return deliverySettingsFromEnv(process.env);
  } catch (error) {
    console.error(`[sandbox] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const { delivery } = deliveryFromEnv();
const sandbox = await startSandbox({
  port: numberFromEnv("SANDBOX_PORT", 12111),
  host: process.env.SANDBOX_HOST || "127.0.0.1",
  dataFile: process.env.SANDBOX_DATA_FILE || ".data/sandbox/state.json",
  retryScale: numberFromEnv("SANDBOX_RETRY_SCALE", 1),
  delivery,
});
console.log(`[sandbox] Stripe sandbox listening on ${sandbox.url} (dashboard: ${sandbox.url}/)`);
// The seed is printed even when chosen at random, so a run that went wrong can be replayed.
console.log(
  delivery.mode === "chaos"
    ? `[sandbox] webhook delivery: chaos, seed ${delivery.seed}, window ${delivery.windowMs} ms (replay: SANDBOX_DELIVERY=chaos SANDBOX_CHAOS_SEED=${delivery.seed} SANDBOX_CHAOS_WINDOW_MS=${delivery.windowMs})`
    : `[sandbox] webhook delivery: ordered (accounts switched to chaos default to seed ${delivery.seed})`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
