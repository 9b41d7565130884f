/**
 * Digests of what the stored scores are computed from (SHA-256, hex), for the incremental recompute:
 * a score whose inputs have the same digest as the stored one's is the same score, so it is confirmed
 * at the new log size instead of recomputed.
 *
 * - The ratings digest covers everything the whole-graph analysis reads (src/trust/credible): the
 *   scale, the members in order (their numbering), every published review (author, subject and its
 *   owner, rating, verified, when written and when made public), and the versions and settings of
 *   every algorithm involved. Equal digests: the suspicion of every member, the
 *   credibility of every rater and the prior are unchanged.
 * - A subject's digest covers the inputs of its reputation: the prior, the settings, its imported
 *   prior if any, and its reviews with their raters' credibility and flags.
 * The evidence time `now` is left out: no stored score decays with time (reputation's halfLife is
 * infinite), so `now` only selects the evidence, and the evidence is hashed itself.
 */
import { createHash, type Hash } from "node:crypto";
import { RETALIATION_VERSION } from "../../../trust/abuse/index.js";
import {
  ANALYSIS_SETTINGS,
  PRIOR_RESOLUTION,
  PRIOR_STRENGTH,
  type RatingsEvidence,
} from "../../../trust/credible/index.js";
import { CREDIBILITY_VERSION, SUSPICION_VERSION } from "../../../trust/fraud/index.js";
import {
  REPUTATION_VERSION,
  type ReputationPrior,
  type Review,
} from "../../../trust/reputation/index.js";

/** Bumped when what the digests cover changes, so every stored score is recomputed once. */
export const DIGEST_VERSION = "1";

const SETTINGS = JSON.stringify({
  digest: DIGEST_VERSION,
  suspicion: SUSPICION_VERSION,
  credibility: CREDIBILITY_VERSION,
  retaliation: RETALIATION_VERSION,
  reputation: REPUTATION_VERSION,
  analysis: ANALYSIS_SETTINGS,
  prior: [PRIOR_STRENGTH, PRIOR_RESOLUTION],
});

/**
 * The digest of the inputs of the whole-graph analysis.
 *
 * @example if (ratingsDigest(evidence) === stored) reuseSuspicion()
 */
export function ratingsDigest(
  evidence: RatingsEvidence,
  imports: ReadonlyMap<string, unknown> = new Map(),
): string {
  const h = createHash("sha256");
  // Imported priors (issue 6) move no rater's credibility, but a stored score may only be confirmed
  // while they are unchanged too; a space without any hashes as before, so its scores stay confirmed.
  if (imports.size > 0)
    line(
      h,
      [...imports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  line(h, SETTINGS);
  line(h, [evidence.scale.min, evidence.scale.max]);
  line(h, evidence.members);
  for (const r of evidence.reviews) {
    line(h, [r.id, r.author, r.subject, r.owner, r.rating, r.verified, r.writtenAt, r.publicAt]);
  }
  return h.digest("hex");
}

/**
 * The digest of one subject's reputation inputs.
 *
 * @example subjectDigest(prior, scale, credibleReviewsOf(evidence, analysis, "flat-7"))
 */
export function subjectDigest(
  prior: ReputationPrior,
  scale: RatingsEvidence["scale"],
  reviews: readonly Review[],
  imported?: unknown,
): string {
  const h = createHash("sha256");
  line(h, SETTINGS);
  if (imported !== undefined) line(h, imported);
  line(h, [prior.mean, prior.strength, scale.min, scale.max]);
  for (const r of reviews) {
    const f = r.flags ?? {};
    line(h, [
      r.id ?? null,
      r.rating,
      r.time,
      r.credibility ?? 1,
      f.unverified === true,
      f.lowCredibility === true,
      f.suspectedRing === true,
      f.retaliation === true,
    ]);
  }
  return h.digest("hex");
}

/** One JSON value per line: no two different input lists hash the same text. */
function line(h: Hash, value: unknown): void {
  h.update(JSON.stringify(value));
  h.update("\n");
}
