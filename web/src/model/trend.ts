/**
 * The trend of a subject's ratings: each published review in the order it became public, with the
 * running mean after it. Shown as a line over the ratings, so a reader sees whether the score is
 * rising, falling or steady, even when all reviews came on the same day.
 */

/** A point of the trend. */
export interface TrendPoint {
  /** 1-based position in order of publication. */
  readonly n: number;
  readonly at: number;
  readonly rating: number;
  /** Mean of the ratings up to and including this one. */
  readonly mean: number;
}

/**
 * The running means of `reviews` (any order in; ordered by `at`, then id, out).
 *
 * @example ratingTrend([{ id: "a", at: 1, rating: 4 }, { id: "b", at: 2, rating: 2 }]).map((p) => p.mean) // [4, 3]
 */
export function ratingTrend(
  reviews: readonly { readonly id: string; readonly at: number; readonly rating: number }[],
): TrendPoint[] {
  const ordered = [...reviews].sort(
    (a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let sum = 0;
  return ordered.map((r, i) => {
    sum += r.rating;
    return { n: i + 1, at: r.at, rating: r.rating, mean: sum / (i + 1) };
  });
}
