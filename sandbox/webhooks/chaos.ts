import type { Random } from "./prng";

/**
 * How often chaos delivery misbehaves. Stripe promises at-least-once delivery in no
 * particular order; these odds make ~30 events show duplicates, reordering and stragglers.
 */
export const CHAOS_ODDS = {
  /** An event is sent more than once to an endpoint. */
  duplicate: 0.25,
  /** Of the duplicated ones, sent three times rather than twice. */
  triple: 0.35,
  /** The first POST is held past the window, behind events created after it. */
  late: 0.15,
} as const;

export interface ChaosPlan {
  /**
   * When each POST of an event's first attempt starts, in ms after its window closes.
   * The first entry is the attempt whose failure starts the retry schedule; the others
   * are duplicates of the same payload, which may arrive before it.
   */
  sendDelaysMs: number[];
}

/** Plans one (event, endpoint) delivery. Pure: the same random stream gives the same plan. */
export function planChaosDelivery(random: Random, windowMs: number): ChaosPlan {
  const late = random() < CHAOS_ODDS.late;
  // On time: anywhere in the window. Late: one to three windows later.
  const first = late ? windowMs * (1 + 2 * random()) : windowMs * random();
  const copies = random() < CHAOS_ODDS.duplicate ? (random() < CHAOS_ODDS.triple ? 3 : 2) : 1;
  const sendDelaysMs = [Math.floor(first)];
  for (let copy = 1; copy < copies; copy++) sendDelaysMs.push(Math.floor(2 * windowMs * random()));
  return { sendDelaysMs };
}
