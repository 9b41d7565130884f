/**
 * What a space's credibility-weighted reputation is computed from: plain values any holder of the
 * space's log can rebuild (the server reads them from its projections, src/store/trust/evidence.ts;
 * an auditor from the log). The order of members and reviews is part of the input: it numbers the
 * graph's nodes and orders every sum, so the same input in the same order gives the same numbers.
 */

/** A published review, as the analysis reads it. */
export interface RatedReview {
  readonly id: string;
  readonly author: string;
  readonly subject: string;
  /** The member the subject belongs to (a member's own subject: the member), or null. */
  readonly owner: string | null;
  /** On the space's scale. */
  readonly rating: number;
  /** An attested interaction backs it. */
  readonly verified: boolean;
  /** When it was written, ms since the epoch. */
  readonly writtenAt: number;
  /** When the public could first read it (ms): the end of its double-blind window or the reveal. */
  readonly publicAt: number;
}

/** Every input of a space's ratings analysis. */
export interface RatingsEvidence {
  /** Members not erased, in joining order (then id): the first nodes of the ratings graph. */
  readonly members: readonly string[];
  readonly scale: { readonly min: number; readonly max: number };
  /** Published reviews, by time written then id. */
  readonly reviews: readonly RatedReview[];
  /** The time reviews are aged against (ms); recorded as the `now` parameter. */
  readonly now: number;
  /** The log size the evidence was read at. */
  readonly logSize: number;
}

/**
 * A rating on the scale mapped onto −1..1 (the scale's middle is 0), as REV2 expects.
 *
 * @example normalizedRating(5, { min: 1, max: 5 }) // 1
 */
export function normalizedRating(
  rating: number,
  scale: { readonly min: number; readonly max: number },
): number {
  const mid = (scale.min + scale.max) / 2;
  return (rating - mid) / ((scale.max - scale.min) / 2);
}
