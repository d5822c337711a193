// The Stripe sandbox as a process: `npm run sandbox` (development and demos only).
import { startSandbox } from "./server";

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

const sandbox = await startSandbox({
  port: numberFromEnv("SANDBOX_PORT", 12111),
  host: process.env.SANDBOX_HOST || "127.0.0.1",
  dataFile: process.env.SANDBOX_DATA_FILE || ".data/sandbox/state.json",
  retryScale: numberFromEnv("SANDBOX_RETRY_SCALE", 1),
});
console.log(`[sandbox] Stripe sandbox listening on ${sandbox.url} (dashboard: ${sandbox.url}/)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
