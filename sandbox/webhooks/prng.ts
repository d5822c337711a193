/**
 * A small seeded pseudo-random generator, so a chaos run can be replayed from its seed.
 * Not for anything secret: ids and signing secrets use node:crypto.
 */
export type Random = () => number;

/** 32-bit FNV-1a with a final avalanche, so nearby seeds (1, 2) start far apart. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** mulberry32: uniform floats in [0, 1) from a 32-bit state. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fresh stream for a seed. The dispatcher gives every account its own, started from the
 * seed alone: account ids are random per run, so mixing them in would make a failing run
 * impossible to replay, while separate streams still keep accounts from shifting each other.
 */
export function seededStream(seed: number): Random {
  return mulberry32(hashString(`webhook-chaos:${seed}`));
}
