/**
 * Reputation per criterion (e.g. quality, punctuality, communication): one Bayesian score per criterion
 * from the reviews that rated it, each against the space's prior for that criterion. A review may rate
 * some criteria and not others; its time, credibility and flags apply to all it rates.
 */
import type { ReputationPrior } from "./posterior.js";
import { type Reputation, type ReputationParams, reputation } from "./reputation.js";
import type { Review } from "./review.js";

/** A review rating several criteria. */
export interface CriteriaReview extends Omit<Review, "rating"> {
  readonly ratings: Readonly<Record<string, number>>;
}

/**
 * One reputation per criterion that has a prior. Criteria rated without a prior are ignored (the space
 * does not score them).
 *
 * @example
 * reputationByCriterion([{ time: 0, ratings: { quality: 5, punctuality: 3 } }],
 *   { quality: { mean: 4.5, strength: 10 }, punctuality: { mean: 4, strength: 10 } }, { now: 0 })
 * // { quality: Reputation, punctuality: Reputation }
 */
export function reputationByCriterion(
  reviews: readonly CriteriaReview[],
  priors: Readonly<Record<string, ReputationPrior>>,
  params: ReputationParams,
): Record<string, Reputation> {
  const result: Record<string, Reputation> = {};
  for (const [criterion, prior] of Object.entries(priors)) {
    const rated: Review[] = [];
    for (const { ratings, ...rest } of reviews) {
      const rating = ratings[criterion];
      if (rating !== undefined) rated.push({ ...rest, rating });
    }
    result[criterion] = reputation(rated, prior, params);
  }
  return result;
}
