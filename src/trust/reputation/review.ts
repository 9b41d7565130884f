/**
 * A review as reputation sees it, and the weight it carries: time decay × rater credibility × the
 * discount of each flag raised on it. The flags are inputs (fraud and sybil detection, moderation decide
 * them elsewhere); here they only lower a review's weight, and each one is named in the explanation.
 */

/** Why a review counts less than a fresh, verified review by a fully credible rater. */
export type DiscountReason =
  | "age"
  | "credibility"
  | "unverified"
  | "low-credibility"
  | "suspected-ring"
  | "retaliation";

/** Flags raised on a review by other parts of the fabric. */
export interface ReviewFlags {
  /** No verified interaction backs the review. */
  readonly unverified?: boolean;
  /** The rater has a record of unreliable ratings. */
  readonly lowCredibility?: boolean;
  /** The rater belongs to a suspected collusion ring. */
  readonly suspectedRing?: boolean;
  /** The review answers a review the subject gave the rater (tit-for-tat). */
  readonly retaliation?: boolean;
}

/** One review of one subject on one criterion. */
export interface Review {
  /** Optional caller id, echoed in the explanation. */
  readonly id?: string;
  /** On the scale of the reputation parameters (e.g. 1..5 stars; fractional values allowed). */
  readonly rating: number;
  /** When it was given, in the unit of `now` and `halfLife`. */
  readonly time: number;
  /** The rater's credibility in [0, 1]; default 1. */
  readonly credibility?: number;
  readonly flags?: ReviewFlags;
}

/** Weight multipliers in [0, 1] for each flag. */
export interface FlagDiscounts {
  readonly unverified: number;
  readonly lowCredibility: number;
  readonly suspectedRing: number;
  readonly retaliation: number;
}

/** The defaults: a ring's reviews do not count; retaliation counts a fifth; the rest counts half. */
export const DEFAULT_FLAG_DISCOUNTS: FlagDiscounts = {
  unverified: 0.5,
  lowCredibility: 0.5,
  suspectedRing: 0,
  retaliation: 0.2,
};

/** One factor that lowered a review's weight. */
export interface WeightFactor {
  readonly reason: DiscountReason;
  /** The multiplier applied, in [0, 1). */
  readonly factor: number;
}

/** A review's weight and the factors below 1 that made it. */
export interface ReviewWeight {
  readonly weight: number;
  readonly factors: readonly WeightFactor[];
}

/**
 * The weight of `review` at time `now`: 2^(−age/halfLife) × credibility × flag discounts. A review
 * dated after `now` is not decayed (clocks of raters differ).
 *
 * @example
 * reviewWeight({ rating: 5, time: 0, flags: { unverified: true } }, 30, 30, DEFAULT_FLAG_DISCOUNTS)
 * // { weight: 0.25, factors: [{ reason: "age", factor: 0.5 }, { reason: "unverified", factor: 0.5 }] }
 */
export function reviewWeight(
  review: Review,
  now: number,
  halfLife: number,
  discounts: FlagDiscounts,
): ReviewWeight {
  const factors: WeightFactor[] = [];
  const age = Math.max(0, now - review.time);
  const decay = halfLife === Number.POSITIVE_INFINITY ? 1 : 2 ** (-age / halfLife);
  if (decay < 1) factors.push({ reason: "age", factor: decay });
  const credibility = review.credibility ?? 1;
  if (credibility < 1) factors.push({ reason: "credibility", factor: credibility });
  const flags = review.flags ?? {};
  if (flags.unverified === true)
    factors.push({ reason: "unverified", factor: discounts.unverified });
  if (flags.lowCredibility === true) {
    factors.push({ reason: "low-credibility", factor: discounts.lowCredibility });
  }
  if (flags.suspectedRing === true) {
    factors.push({ reason: "suspected-ring", factor: discounts.suspectedRing });
  }
  if (flags.retaliation === true) {
    factors.push({ reason: "retaliation", factor: discounts.retaliation });
  }
  let weight = 1;
  for (const f of factors) weight *= f.factor;
  return { weight, factors: factors.filter((f) => f.factor < 1) };
}
