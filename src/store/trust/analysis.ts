/**
 * The whole-graph analysis of a space's ratings (src/trust/credible), over the evidence read from the
 * projections: fraud suspicion, each rater's credibility, retaliation between members. Reputation
 * weighs each review by its rater's credibility and flags; the signals and the moderation queue read
 * the suspicion. Computed once per recompute in the worker thread (recompute/worker.ts), or on request
 * for a space whose scores were never stored, once per evidence snapshot.
 */
import {
  analyzeRatings,
  type RatingsAnalysis,
  type RatingsEvidence,
} from "../../trust/credible/index.js";
import type { SpaceEvidence } from "./evidence.js";

/** The analysis and the exact input it was computed from. */
export interface SpaceAnalysis extends RatingsAnalysis {
  readonly input: RatingsEvidence;
}

/**
 * The analysis input of a space's evidence: reviews in the order they were read (time written, id),
 * each with the member its subject belongs to.
 *
 * @example const input = ratingsEvidence(evidence)
 */
export function ratingsEvidence(evidence: SpaceEvidence): RatingsEvidence {
  return {
    members: evidence.members,
    scale: evidence.scale,
    reviews: evidence.reviews.map((r) => ({
      id: r.id,
      author: r.author,
      subject: r.subject,
      owner: evidence.subjectOwners.get(r.subject) ?? null,
      rating: r.overall,
      verified: r.verified,
      writtenAt: r.submittedAt,
      publicAt: r.visibleFrom,
    })),
    now: evidence.now,
    logSize: evidence.logSize,
  };
}

const analyses = new WeakMap<SpaceEvidence, SpaceAnalysis>();

/**
 * Analyses the ratings of a space; the same evidence object is analysed once.
 *
 * @example const a = analyzeSpace(evidence); a.credibility.credibility[a.ratings.ids.indexOf(m)!]
 */
export function analyzeSpace(evidence: SpaceEvidence): SpaceAnalysis {
  const known = analyses.get(evidence);
  if (known !== undefined) return known;
  const input = ratingsEvidence(evidence);
  const analysis = { ...analyzeRatings(input), input };
  analyses.set(evidence, analysis);
  return analysis;
}
