/**
 * A space's prior: the mean of every rating given in the space (empirical Bayes), held with a strength
 * in pseudo-reviews. Each space has its own, because "typical" differs: a 4.2 is poor among plumbers
 * rated 4.8 on average and good where 3.9 is the norm.
 */
import type { RatingScale, ReputationPrior } from "./posterior.js";

/**
 * The prior of a space from all its ratings. With no ratings, the middle of the scale; a mean on a
 * bound of the scale is pulled half a percent of the span inside (a Beta prior needs both shapes > 0).
 *
 * @example spacePrior(Float64Array.of(5, 4, 5, 3), 10) // { mean: 4.25, strength: 10 }
 */
export function spacePrior(
  ratings: ArrayLike<number>,
  strength: number,
  scale: RatingScale = { min: 1, max: 5 },
): ReputationPrior {
  if (!(strength > 0 && Number.isFinite(strength))) {
    throw new RangeError(`prior strength must be positive, got ${strength}`);
  }
  let sum = 0;
  for (let i = 0; i < ratings.length; i++) sum += ratings[i] as number;
  const mean = ratings.length === 0 ? (scale.min + scale.max) / 2 : sum / ratings.length;
  const margin = 0.005 * (scale.max - scale.min);
  return { mean: Math.min(scale.max - margin, Math.max(scale.min + margin, mean)), strength };
}
