/**
 * The explanation of a reputation score, each part computed exactly from the Beta posterior:
 * - contributions: the score is the prior mean plus one additive term per review,
 *   (max − min)·w_i·(x_i − m)/(strength + Σw), so each review's term is its share of the distance
 *   from the space's typical rating;
 * - discounts: each review that counts less than a full review, the reasons, and the score had it
 *   counted fully (the others unchanged);
 * - what-if: the score after one more fresh, verified review by a fully credible rater.
 */
import {
  type BetaPosterior,
  posteriorScore,
  type RatingScale,
  type ReputationPrior,
  toUnit,
  withReview,
} from "./posterior.js";
import type { DiscountReason, Review, ReviewWeight, WeightFactor } from "./review.js";

/** One review's additive share of the score. */
export interface Contribution {
  /** Position of the review in the input. */
  readonly index: number;
  readonly id?: string;
  readonly rating: number;
  readonly weight: number;
  /** Its term in score = prior.mean + Σ effects (rating units; negative pulls the score down). */
  readonly effect: number;
}

/** A review that counted less than a full review, and why. */
export interface Discount {
  readonly index: number;
  readonly id?: string;
  readonly rating: number;
  readonly weight: number;
  readonly factors: readonly WeightFactor[];
  /** The score had this review counted with weight 1. */
  readonly scoreIfCounted: number;
}

/** Totals per reason over all reviews. */
export interface DiscountSummary {
  readonly reason: DiscountReason;
  readonly reviews: number;
}

/** The score after one more review. */
export interface WhatIf {
  readonly rating: number;
  readonly score: number;
  /** score − current score. */
  readonly change: number;
}

/**
 * The `limit` reviews of largest |effect|, largest first (ties: input order).
 *
 * @example largestContributions(reviews, weights, prior, { min: 1, max: 5 }, 5)[0] // { index, rating, weight, effect }
 */
export function largestContributions(
  reviews: readonly Review[],
  weights: readonly ReviewWeight[],
  prior: ReputationPrior,
  scale: RatingScale,
  limit: number,
): Contribution[] {
  const m = toUnit(prior.mean, scale);
  let total = prior.strength;
  for (const w of weights) total += w.weight;
  const span = scale.max - scale.min;
  const all = reviews.map((review, index) => {
    const weight = (weights[index] as ReviewWeight).weight;
    const effect = (span * weight * (toUnit(review.rating, scale) - m)) / total;
    return { index, ...idOf(review), rating: review.rating, weight, effect };
  });
  return topBy(all, (c) => Math.abs(c.effect), limit);
}

/**
 * Discounted reviews, those whose full weight would move the score most first, at most `limit`.
 *
 * @example discountedReviews(reviews, weights, post, scale, 5)[0]?.factors // [{ reason: "unverified", factor: 0.5 }]
 */
export function discountedReviews(
  reviews: readonly Review[],
  weights: readonly ReviewWeight[],
  post: BetaPosterior,
  scale: RatingScale,
  limit: number,
): Discount[] {
  const score = posteriorScore(post, scale);
  const all: Discount[] = [];
  reviews.forEach((review, index) => {
    const { weight, factors } = weights[index] as ReviewWeight;
    if (factors.length === 0) return;
    const counted = withReview(post, review.rating, 1 - weight, scale);
    all.push({
      index,
      ...idOf(review),
      rating: review.rating,
      weight,
      factors,
      scoreIfCounted: posteriorScore(counted, scale),
    });
  });
  return topBy(all, (d) => Math.abs(d.scoreIfCounted - score), limit);
}

/**
 * How many reviews each reason discounted.
 *
 * @example summarizeDiscounts(weights) // [{ reason: "age", reviews: 12 }, { reason: "retaliation", reviews: 1 }]
 */
export function summarizeDiscounts(weights: readonly ReviewWeight[]): DiscountSummary[] {
  const counts = new Map<DiscountReason, number>();
  for (const w of weights) {
    for (const f of w.factors) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, reviews]) => ({ reason, reviews }));
}

/**
 * The score after one more full-weight review of each rating.
 *
 * @example whatIfOneMore(post, [5, 1], { min: 1, max: 5 }) // [{ rating: 5, score, change > 0 }, { rating: 1, … }]
 */
export function whatIfOneMore(
  post: BetaPosterior,
  ratings: readonly number[],
  scale: RatingScale,
): WhatIf[] {
  const score = posteriorScore(post, scale);
  return ratings.map((rating) => {
    const next = posteriorScore(withReview(post, rating, 1, scale), scale);
    return { rating, score: next, change: next - score };
  });
}

function idOf(review: Review): { id?: string } {
  return review.id === undefined ? {} : { id: review.id };
}

/** The `limit` items of largest key, largest first; stable for equal keys. */
function topBy<T>(items: readonly T[], key: (item: T) => number, limit: number): T[] {
  return items
    .map((item, i) => ({ item, i, k: key(item) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .slice(0, limit)
    .map((e) => e.item);
}
