/**
 * Negative reviews indexed by (author, subject), each pair's list in time order: the lookup both the
 * retaliation and the blackmail detectors need, built once in O(m log m).
 */
import type { ReviewFacts } from "./facts.js";

/**
 * Members are dense indices below 2²⁶ (67M, far above any space): a pair packs exactly into one double
 * as a·2²⁶ + b < 2⁵², a cheap Map key.
 */
const PAIR_LIMIT = 2 ** 26;

/**
 * The Map key of the ordered pair (a, b); RangeError beyond the index limit.
 *
 * @example pairKey(3, 4) // 3·2²⁶ + 4
 */
export function pairKey(a: number, b: number): number {
  if (a >= PAIR_LIMIT || b >= PAIR_LIMIT) {
    throw new RangeError(
      `member index ${Math.max(a, b)} exceeds the detector's limit ${PAIR_LIMIT}`,
    );
  }
  return a * PAIR_LIMIT + b;
}

/**
 * The pair a key was made from.
 *
 * @example unpair(pairKey(3, 4)) // [3, 4]
 */
export function unpair(key: number): [number, number] {
  const a = Math.floor(key / PAIR_LIMIT);
  return [a, key - a * PAIR_LIMIT];
}

/**
 * Review indices of negative reviews (rating ≤ negativeAt, self-reviews ignored) by pair key.
 *
 * @example negativeReviewIndex(reviews, -0.2).get(pairKey(a, b)) // a's negative reviews of b
 */
export function negativeReviewIndex(
  reviews: ReviewFacts,
  negativeAt: number,
): Map<number, number[]> {
  const byPair = new Map<number, number[]>();
  for (let i = 0; i < reviews.count; i++) {
    if ((reviews.ratings[i] as number) > negativeAt) continue;
    const a = reviews.authors[i] as number;
    const b = reviews.subjects[i] as number;
    if (a === b) continue;
    const key = pairKey(a, b);
    const list = byPair.get(key);
    if (list === undefined) byPair.set(key, [i]);
    else list.push(i);
  }
  for (const list of byPair.values()) {
    list.sort((x, y) => (reviews.times[x] as number) - (reviews.times[y] as number) || x - y);
  }
  return byPair;
}
