/**
 * A seeded pseudo-random generator (SplitMix32 → Mulberry32 style, 32-bit state), so that every random
 * choice of the evaluation (attack edges, folds, splits) is reproduced exactly from its seed.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/** @example const random = seeded(42); random() // same value on every run */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(
  random: Random,
  items: T,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
