/**
 * A subject's reputation with each review weighed by what the fabric knows of its rater (issue 5:
 * "reviewer credibility weighting", and an explanation of what was discounted and why):
 * - the rater's credibility (REV2 fairness relative to the raters' mean, fraud/credibility.ts);
 * - low-credibility: the fraud detector sends the rater to moderators (suspicion ≥ 0.5);
 * - suspected ring: the rater's positive ratings come back positively, and this review has no
 *   attested interaction behind it (reciprocal reviews of one real interaction are what a two-sided
 *   platform asks for, not a ring);
 * - retaliation: the review answers, within a week, a negative review its rater received from the
 *   subject's owner;
 * - unverified: no attested interaction backs it.
 * The space's prior (the mean of every published rating) is kept at 1/400 of the scale's span (0.01
 * star on 1..5): a new rating then leaves it, and so most subjects' inputs, unchanged, which lets an
 * incremental recompute skip them.
 */

import {
  type ImportedPrior,
  type Reputation,
  type ReputationPrior,
  type Review,
  reputation,
  spacePrior,
  withImportedPrior,
} from "../reputation/index.js";
import { type ParamValue, provenance, type ScoreProvenance } from "../result.js";
import type { RatingsAnalysis } from "./analysis.js";
import type { RatingsEvidence } from "./evidence.js";

/** Pseudo-reviews the space's prior weighs as (a new subject starts at the space's mean). */
export const PRIOR_STRENGTH = 10;

/** The prior mean's step, as a share of the scale's span. */
export const PRIOR_RESOLUTION = 1 / 400;

/** What each discount reason means, for people reading an explanation. */
export const DISCOUNT_TEXTS = {
  age: "older reviews count less (time decay)",
  credibility:
    "the rater's ratings agree less with reliable consensus than the typical rater's (REV2 fairness relative to the raters' mean)",
  unverified: "no attested interaction backs the review",
  "low-credibility":
    "the fraud detector flagged the rater (suspicion at least 0.5); moderators review it",
  "suspected-ring":
    "the rater's positive ratings are returned positively by those they rate, and no attested interaction backs this review",
  retaliation:
    "the review answers, within a week, a negative review its author received from the subject's owner",
} as const;

/**
 * The prior of the space: the mean of its published ratings, at the prior's resolution.
 *
 * @example ratingsPrior(evidence) // { mean: 4.37, strength: 10 }
 */
export function ratingsPrior(evidence: RatingsEvidence): ReputationPrior {
  const { scale } = evidence;
  const exact = spacePrior(
    evidence.reviews.map((r) => r.rating),
    PRIOR_STRENGTH,
    scale,
  );
  const step = (scale.max - scale.min) * PRIOR_RESOLUTION;
  const margin = 0.005 * (scale.max - scale.min);
  // toPrecision drops the binary noise of k·step, so 4.37 is kept as 4.37.
  const rounded = Number(
    (scale.min + Math.round((exact.mean - scale.min) / step) * step).toPrecision(12),
  );
  const mean = Math.min(scale.max - margin, Math.max(scale.min + margin, rounded));
  return { mean, strength: exact.strength };
}

/**
 * The reviews of `subject` with their raters' credibility and flags, in evidence order.
 *
 * @example const reviews = credibleReviews(evidence, analysis, "flat-7")
 */
export function credibleReviews(
  evidence: RatingsEvidence,
  analysis: RatingsAnalysis,
  subject: string,
): Review[] {
  const { credibility, lowCredibility, suspectedRing } = analysis.credibility;
  const reviews: Review[] = [];
  for (const i of analysis.bySubject.get(subject) ?? []) {
    const r = evidence.reviews[i];
    if (r === undefined) continue;
    const u = analysis.ratings.ids.indexOf(r.author);
    const c = u === undefined ? 1 : (credibility[u] as number);
    const flags = {
      ...(r.verified ? {} : { unverified: true }),
      ...(u !== undefined && lowCredibility[u] === 1 ? { lowCredibility: true } : {}),
      ...(u !== undefined && suspectedRing[u] === 1 && !r.verified ? { suspectedRing: true } : {}),
      ...(analysis.retaliations.has(r.id) ? { retaliation: true } : {}),
    };
    reviews.push({
      id: r.id,
      rating: r.rating,
      time: r.writtenAt,
      ...(c < 1 ? { credibility: c } : {}),
      ...(Object.keys(flags).length > 0 ? { flags } : {}),
    });
  }
  return reviews;
}

/**
 * The reputation of `subject`, its provenance naming the credibility rule and the analysis it used.
 *
 * @example const r = credibleReputation(evidence, analysis, ratingsPrior(evidence), "flat-7")
 */
export function credibleReputation(
  evidence: RatingsEvidence,
  analysis: RatingsAnalysis,
  prior: ReputationPrior,
  subject: string,
  imported?: ImportedPrior,
): Reputation {
  const reviews = credibleReviews(evidence, analysis, subject);
  const params = { now: evidence.now, scale: evidence.scale, logSize: evidence.logSize };
  if (imported === undefined) {
    const r = reputation(reviews, prior, params);
    return { ...r, provenance: withCredibility(r.provenance, analysis, evidence.logSize) };
  }
  const { prior: own, effect } = withImportedPrior(prior, imported, reviews.length, evidence.scale);
  const r = reputation(reviews, own, params);
  // The provenance names the space's prior, the same for every subject (an auditor compares it once);
  // the subject's own prior and why it differs are in `prior` and `importedPrior`.
  const base = reputation([], prior, params).provenance;
  return {
    ...r,
    importedPrior: effect,
    provenance: withCredibility(base, analysis, evidence.logSize),
  };
}

/**
 * The provenance every subject's reputation carries at this analysis (it does not depend on the
 * subject).
 *
 * @example credibleReputationProvenance(evidence, analysis, prior).params.credibility
 */
export function credibleReputationProvenance(
  evidence: RatingsEvidence,
  analysis: RatingsAnalysis,
  prior: ReputationPrior,
): ScoreProvenance {
  const r = reputation([], prior, {
    now: evidence.now,
    scale: evidence.scale,
    logSize: evidence.logSize,
  });
  return withCredibility(r.provenance, analysis, evidence.logSize);
}

/** The reputation's provenance plus every parameter its review weights came from. */
function withCredibility(
  p: ScoreProvenance,
  analysis: RatingsAnalysis,
  logSize: number,
): ScoreProvenance {
  const prefixed = (prefix: string, params: Readonly<Record<string, ParamValue>>) =>
    Object.fromEntries(Object.entries(params).map(([k, v]) => [`${prefix}.${k}`, v]));
  const c = analysis.credibility.provenance;
  const s = analysis.suspicion.provenance;
  const t = analysis.retaliation.provenance;
  return provenance(
    p.algorithm,
    p.version,
    {
      ...p.params,
      priorResolution: PRIOR_RESOLUTION,
      credibility: `${c.algorithm} ${c.version}`,
      ...prefixed("credibility", c.params),
      ...prefixed(s.algorithm, s.params),
      retaliation: `${t.algorithm} ${t.version}`,
      ...prefixed("retaliation", t.params),
    },
    logSize,
  );
}
