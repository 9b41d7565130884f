/**
 * Bayesian reputation of one subject on one criterion, with its explanation. Pure: reviews, the space's
 * prior and parameters in; score, credible interval, counts, contributions, discounts and what-if out,
 * with provenance.
 */
import { provenance, type WithProvenance } from "../result.js";
import {
  type Contribution,
  type Discount,
  type DiscountSummary,
  discountedReviews,
  largestContributions,
  summarizeDiscounts,
  type WhatIf,
  whatIfOneMore,
} from "./explain.js";
import type { ImportedPriorEffect } from "./imported-prior.js";
import {
  credibleInterval,
  posterior,
  posteriorScore,
  type RatingScale,
  type ReputationPrior,
} from "./posterior.js";
import { DEFAULT_FLAG_DISCOUNTS, type FlagDiscounts, type Review, reviewWeight } from "./review.js";

export const REPUTATION_VERSION = "1.0.0";

/** Reputation parameters; all but `now` have defaults. */
export interface ReputationParams {
  /** The time reviews are aged against (same unit as review times and halfLife). */
  readonly now: number;
  /** Rating scale. Default 1..5. */
  readonly scale?: RatingScale;
  /** A review's weight halves every halfLife; Infinity disables decay. Default Infinity. */
  readonly halfLife?: number;
  /** Weight multipliers per flag. Default DEFAULT_FLAG_DISCOUNTS. */
  readonly discounts?: Partial<FlagDiscounts>;
  /** Posterior mass of the credible interval. Default 0.9. */
  readonly level?: number;
  /** Contributions and discounts listed. Default 5 each. */
  readonly explain?: number;
  /** Ratings for "one more review" answers. Default [max, min]. */
  readonly whatIf?: readonly number[];
  /** Log size for provenance; default the number of reviews. */
  readonly logSize?: number;
}

/** A subject's reputation on one criterion, and why. */
export interface Reputation extends WithProvenance {
  /** Posterior mean on the rating scale. */
  readonly score: number;
  readonly interval: { readonly low: number; readonly high: number; readonly level: number };
  /** Reviews given. */
  readonly count: number;
  /** Σ weights: how many full reviews' worth of evidence they amount to. */
  readonly effectiveCount: number;
  readonly prior: ReputationPrior;
  readonly contributions: readonly Contribution[];
  readonly discounts: readonly Discount[];
  readonly discountSummary: readonly DiscountSummary[];
  readonly whatIf: readonly WhatIf[];
  /**
   * A prior imported from another space (imported-prior.ts), when one counts: `prior` is then the
   * space's prior with the import's pseudo-reviews added, and `count` still counts own reviews only.
   */
  readonly importedPrior?: ImportedPriorEffect;
}

/**
 * The Bayesian reputation of a subject from its reviews.
 *
 * @example
 * const r = reputation([{ rating: 5, time: 100 }, { rating: 4, time: 50, flags: { unverified: true } }],
 *   { mean: 4.2, strength: 10 }, { now: 100, halfLife: 365 })
 * // r.score ≈ 4.26; r.whatIf[0] → { rating: 5, score: …, change: … }
 */
export function reputation(
  reviews: readonly Review[],
  prior: ReputationPrior,
  params: ReputationParams,
): Reputation {
  const settings = resolve(params);
  const { scale } = settings;
  assertInputs(reviews, prior, settings);
  const weights = reviews.map((r) =>
    reviewWeight(r, params.now, settings.halfLife, settings.discounts),
  );
  const post = posterior(
    prior,
    reviews.map((r) => r.rating),
    weights.map((w) => w.weight),
    scale,
  );
  let effectiveCount = 0;
  for (const w of weights) effectiveCount += w.weight;
  return {
    score: posteriorScore(post, scale),
    interval: credibleInterval(post, settings.level, scale),
    count: reviews.length,
    effectiveCount,
    prior,
    contributions: largestContributions(reviews, weights, prior, scale, settings.explain),
    discounts: discountedReviews(reviews, weights, post, scale, settings.explain),
    discountSummary: summarizeDiscounts(weights),
    whatIf: whatIfOneMore(post, settings.whatIf, scale),
    provenance: provenance(
      "bayesian-reputation",
      REPUTATION_VERSION,
      {
        scale: [scale.min, scale.max],
        priorMean: prior.mean,
        priorStrength: prior.strength,
        now: params.now,
        halfLife: settings.halfLife === Number.POSITIVE_INFINITY ? "infinity" : settings.halfLife,
        discounts: [
          settings.discounts.unverified,
          settings.discounts.lowCredibility,
          settings.discounts.suspectedRing,
          settings.discounts.retaliation,
        ],
        discountOrder: ["unverified", "lowCredibility", "suspectedRing", "retaliation"],
        level: settings.level,
      },
      params.logSize ?? reviews.length,
    ),
  };
}

interface Settings {
  readonly scale: RatingScale;
  readonly halfLife: number;
  readonly discounts: FlagDiscounts;
  readonly level: number;
  readonly explain: number;
  readonly whatIf: readonly number[];
}

function resolve(params: ReputationParams): Settings {
  if (!Number.isFinite(params.now))
    throw new RangeError(`now must be a finite time, got ${params.now}`);
  const scale = params.scale ?? { min: 1, max: 5 };
  return {
    scale,
    halfLife: params.halfLife ?? Number.POSITIVE_INFINITY,
    discounts: { ...DEFAULT_FLAG_DISCOUNTS, ...params.discounts },
    level: params.level ?? 0.9,
    explain: params.explain ?? 5,
    whatIf: params.whatIf ?? [scale.max, scale.min],
  };
}

/** Inputs outside their domain would give a score that looks valid and is not; refuse them. */
function assertInputs(reviews: readonly Review[], prior: ReputationPrior, s: Settings): void {
  const { min, max } = s.scale;
  const onScale = (r: number): boolean => Number.isFinite(r) && r >= min && r <= max;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    throw new RangeError(`rating scale must have min < max, got ${min}..${max}`);
  }
  if (!(prior.mean > min && prior.mean < max)) {
    throw new RangeError(`prior mean must lie strictly inside ${min}..${max}, got ${prior.mean}`);
  }
  if (!(prior.strength > 0 && Number.isFinite(prior.strength))) {
    throw new RangeError(`prior strength must be positive, got ${prior.strength}`);
  }
  if (!(s.halfLife > 0)) throw new RangeError(`halfLife must be positive, got ${s.halfLife}`);
  if (!(s.level > 0 && s.level < 1))
    throw new RangeError(`level must be in (0, 1), got ${s.level}`);
  for (const [name, f] of Object.entries(s.discounts)) {
    if (!(f >= 0 && f <= 1)) throw new RangeError(`discount ${name} must be in [0, 1], got ${f}`);
  }
  for (const r of s.whatIf)
    if (!onScale(r)) throw new RangeError(`what-if rating ${r} is off scale`);
  reviews.forEach((review, i) => {
    if (!onScale(review.rating))
      throw new RangeError(`review ${i}: rating ${review.rating} off scale`);
    if (!Number.isFinite(review.time)) throw new RangeError(`review ${i}: time ${review.time}`);
    const c = review.credibility ?? 1;
    if (!(c >= 0 && c <= 1)) throw new RangeError(`review ${i}: credibility ${c} not in [0, 1]`);
  });
}
