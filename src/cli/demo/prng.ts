/**
 * A seeded pseudo-random generator for the demo (mulberry32): the same seed loads the same community.
 * Not for anything secret.
 */

/** Draws from one seeded stream. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `n` bytes. */
  bytes(n: number): Uint8Array;
}

/**
 * A generator seeded by the string `seed` (hashed with FNV-1a into mulberry32's 32-bit state).
 *
 * @example const r = seededPrng("42"); r.int(1, 5)
 */
export function seededPrng(seed: string): Prng {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  }
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick(items) {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
    bytes: (n) => Uint8Array.from({ length: n }, () => int(0, 255)),
  };
}
