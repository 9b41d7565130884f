/**
 * The Beta posterior behind a reputation score. A rating r on [min, max] is read as the fraction
 * x = (r − min)/(max − min) of a "good" outcome, and a review of weight w adds w·x to the Beta's α and
 * w·(1 − x) to its β (fractional pseudo-counts). The space's prior adds strength·m and strength·(1 − m),
 * where m is the space's mean rating on the same [0, 1] scale: a subject with few reviews is pulled
 * toward what is typical in its space, so three 5★ reviews do not beat three hundred 4.8★ ones.
 *
 * Why Beta: ratings are bounded, weights are fractional, and the Beta gives an exact equal-tailed
 * credible interval that narrows as evidence accumulates, with no normal approximation near the bounds.
 */
import { betaQuantile } from "./beta.js";

/** A rating scale. */
export interface RatingScale {
  readonly min: number;
  readonly max: number;
}

/** The prior of a space: its typical rating and how many reviews' worth of evidence that counts as. */
export interface ReputationPrior {
  /** On the rating scale. */
  readonly mean: number;
  /** Pseudo-reviews, > 0. */
  readonly strength: number;
}

/** Beta shape parameters. */
export interface BetaPosterior {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * A rating as a fraction of the scale.
 *
 * @example toUnit(4, { min: 1, max: 5 }) // 0.75
 */
export function toUnit(rating: number, scale: RatingScale): number {
  return (rating - scale.min) / (scale.max - scale.min);
}

/**
 * A fraction of the scale as a rating.
 *
 * @example fromUnit(0.75, { min: 1, max: 5 }) // 4
 */
export function fromUnit(x: number, scale: RatingScale): number {
  return scale.min + x * (scale.max - scale.min);
}

/**
 * The posterior after weighted ratings, summed in input order (so adding one review at the end gives
 * bit-for-bit the posterior of the longer list: what-if answers are exact).
 *
 * @example
 * posterior({ mean: 4, strength: 10 }, [5, 5, 5], [1, 1, 1], { min: 1, max: 5 }) // { alpha: 10.5, beta: 2.5 }
 */
export function posterior(
  prior: ReputationPrior,
  ratings: readonly number[],
  weights: readonly number[],
  scale: RatingScale,
): BetaPosterior {
  const m = toUnit(prior.mean, scale);
  let alpha = prior.strength * m;
  let beta = prior.strength * (1 - m);
  for (let i = 0; i < ratings.length; i++) {
    const x = toUnit(ratings[i] as number, scale);
    const w = weights[i] as number;
    alpha += w * x;
    beta += w * (1 - x);
  }
  return { alpha, beta };
}

/**
 * The posterior with one more review of weight `w`.
 *
 * @example withReview({ alpha: 10.5, beta: 2.5 }, 5, 1, { min: 1, max: 5 }) // { alpha: 11.5, beta: 2.5 }
 */
export function withReview(
  post: BetaPosterior,
  rating: number,
  w: number,
  scale: RatingScale,
): BetaPosterior {
  const x = toUnit(rating, scale);
  return { alpha: post.alpha + w * x, beta: post.beta + w * (1 - x) };
}

/**
 * The posterior mean, on the rating scale.
 *
 * @example posteriorScore({ alpha: 3, beta: 1 }, { min: 1, max: 5 }) // 4
 */
export function posteriorScore(post: BetaPosterior, scale: RatingScale): number {
  return fromUnit(post.alpha / (post.alpha + post.beta), scale);
}

/**
 * The equal-tailed credible interval holding `level` of the posterior mass, on the rating scale.
 *
 * @example credibleInterval({ alpha: 30, beta: 10 }, 0.9, { min: 1, max: 5 }) // { low: ≈3.53, high: ≈4.42, level: 0.9 }
 */
export function credibleInterval(
  post: BetaPosterior,
  level: number,
  scale: RatingScale,
): { readonly low: number; readonly high: number; readonly level: number } {
  const tail = (1 - level) / 2;
  return {
    low: fromUnit(betaQuantile(tail, post.alpha, post.beta), scale),
    high: fromUnit(betaQuantile(1 - tail, post.alpha, post.beta), scale),
    level,
  };
}
