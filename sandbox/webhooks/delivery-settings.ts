import { randomInt } from "node:crypto";

/**
 * How webhooks are delivered. `ordered` (the default) sends each event once, in order per
 * endpoint, which is easy to debug but kinder than Stripe. `chaos` does what Stripe allows:
 * duplicates, shuffled order, stragglers and concurrent POSTs, all from a replayable seed.
 */
export const DELIVERY_MODES = ["ordered", "chaos"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface DeliverySettings {
  mode: DeliveryMode;
  /** Seeds the chaos plan; each account draws from its own stream derived from it. */
  seed: number;
  /** First attempts are held this long and released shuffled. */
  windowMs: number;
}

export const DEFAULT_CHAOS_WINDOW_MS = 250;
export const MAX_CHAOS_SEED = 0xffffffff;
export const MAX_CHAOS_WINDOW_MS = 60_000;

/** The rules as sentences, shared by the env check and the development API's errors. */
export const MODE_RULE = `one of ${DELIVERY_MODES.join(", ")}`;
export const SEED_RULE = `an integer from 0 to ${MAX_CHAOS_SEED}`;
export const WINDOW_RULE = `an integer number of milliseconds from 0 to ${MAX_CHAOS_WINDOW_MS}`;

export function parseDeliveryMode(raw: string): DeliveryMode | undefined {
  return DELIVERY_MODES.find((mode) => mode === raw);
}

export function parseChaosSeed(raw: string): number | undefined {
  return parseBoundedInteger(raw, MAX_CHAOS_SEED);
}

export function parseChaosWindowMs(raw: string): number | undefined {
  return parseBoundedInteger(raw, MAX_CHAOS_WINDOW_MS);
}

function parseBoundedInteger(raw: string, max: number): number | undefined {
  if (!/^\d{1,16}$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return value <= max ? value : undefined;
}

export function randomChaosSeed(): number {
  return randomInt(0, MAX_CHAOS_SEED + 1);
}

function isBoundedInteger(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

/** Completes `SandboxOptions.delivery`: ordered by default, a fresh seed when none is given. */
export function resolveDeliverySettings(
  partial: Partial<DeliverySettings> = {},
  pickSeed: () => number = randomChaosSeed,
): DeliverySettings {
  const settings: DeliverySettings = {
    mode: partial.mode ?? "ordered",
    seed: partial.seed ?? pickSeed(),
    windowMs: partial.windowMs ?? DEFAULT_CHAOS_WINDOW_MS,
  };
  if (!parseDeliveryMode(settings.mode)) throw new Error(`delivery.mode must be ${MODE_RULE}, got "${settings.mode}"`);
  if (!isBoundedInteger(settings.seed, MAX_CHAOS_SEED))
    throw new Error(`delivery.seed must be ${SEED_RULE}, got ${settings.seed}`);
  if (!isBoundedInteger(settings.windowMs, MAX_CHAOS_WINDOW_MS))
    throw new Error(`delivery.windowMs must be ${WINDOW_RULE}, got ${settings.windowMs}`);
  return settings;
}

/**
 * `SANDBOX_DELIVERY`, `SANDBOX_CHAOS_SEED` and `SANDBOX_CHAOS_WINDOW_MS` as the `delivery`
 * option of `startSandbox`. Throws naming the variable when one is malformed. Pure apart
 * from `pickSeed`, which chooses the seed when none is set (print it so a run can be replayed).
 */
export function deliverySettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  pickSeed: () => number = randomChaosSeed,
): { delivery: DeliverySettings } {
  const read = <T>(name: string, parse: (raw: string) => T | undefined, rule: string): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return undefined;
    const value = parse(raw);
    if (value === undefined) throw new Error(`${name} must be ${rule}, got "${raw}"`);
    return value;
  };
  const mode = read("SANDBOX_DELIVERY", parseDeliveryMode, MODE_RULE);
  const seed = read("SANDBOX_CHAOS_SEED", parseChaosSeed, SEED_RULE);
  const windowMs = read("SANDBOX_CHAOS_WINDOW_MS", parseChaosWindowMs, WINDOW_RULE);
  return {
    delivery: {
      mode: mode ?? "ordered",
      seed: seed ?? pickSeed(),
      windowMs: windowMs ?? DEFAULT_CHAOS_WINDOW_MS,
    },
  };
}
