/**
 * Recomputing a credibility-weighted reputation (src/trust/credible, issue 5) from the public log: the
 * auditor rebuilds the analysis input the server reads from its projections (src/store/trust) from the
 * records its replay gives, runs the same pure analysis (REV2 suspicion, rater credibility,
 * retaliation) and the same weighted reputation, and compares the whole provenance as well as the
 * numbers: a parameter the server used that the log does not give (another prior, another window) is a
 * difference, another algorithm version is "unsupported".
 *
 * The input, as src/trust/credible/evidence.ts defines it, from public fields only: members not erased
 * in joining order (then id); published reviews (publicReviewState) by time written (then id), each with
 * the member its subject belongs to, whether an attested interaction backs it, when it was written and
 * when the public could first read it (its reveal, or the end of its window if that came first).
 * Imported priors (issue 6) come from the public part of prior.imported as the replay put it in the
 * member records, under the policy the log holds (domain imported-priors.ts, the server's own rule).
 */
import { importsBySubject, type SubjectImport } from "../../domain/imported-priors.js";
import { priorPolicy } from "../../domain/policy.js";
import type { ReviewRecord } from "../../domain/records.js";
import { publicReviewState } from "../../domain/transparency-report.js";
import {
  analyzeRatings,
  credibleReputation,
  credibleReputationProvenance,
  type RatedReview,
  type RatingsAnalysis,
  type RatingsEvidence,
  ratingsPrior,
} from "../../trust/credible/index.js";
import type { Reputation, ReputationPrior } from "../../trust/reputation/index.js";
import type { ScoreProvenance } from "../../trust/result.js";
import type { RecordSet } from "../replay/record-set.js";
import type { Difference } from "./compare-reputation.js";
import type { ServedProvenance } from "./served-reputation.js";

/** What every credible score of a space at one log size and moment shares. */
export type CredibleInputs =
  | {
      readonly kind: "ready";
      readonly evidence: RatingsEvidence;
      readonly analysis: RatingsAnalysis;
      readonly prior: ReputationPrior;
      /** Subject → the imported prior that counts for it. */
      readonly imports: ReadonlyMap<string, SubjectImport>;
      /** The provenance every subject's score carries at this input. */
      readonly provenance: ScoreProvenance;
    }
  | { readonly kind: "pending"; readonly reason: string };

/** Parameters that name an algorithm and its version: a difference there is not the log's to judge. */
const VERSIONED = ["credibility", "retaliation"];

/**
 * True when a served reputation's provenance says it is credibility-weighted.
 *
 * @example if (isCredible(served.provenance)) judgeCredible(…)
 */
export function isCredible(provenance: ServedProvenance): boolean {
  return typeof provenance.params.credibility === "string";
}

/**
 * The analysis input, analysis and prior of `records` (a replay of the log's first `logSize` entries)
 * at `now`.
 *
 * @example const inputs = credibleInputs(records, served.provenance.params.now, 1204)
 */
export function credibleInputs(records: RecordSet, now: number, logSize: number): CredibleInputs {
  const policy = records.space()?.policy;
  if (policy === undefined) return { kind: "pending", reason: "the log has no space.created yet" };
  const reviews = records.all("review");
  const states = reviews.map((r) => publicReviewState(r, now));
  const awaiting = reviews.filter((_, i) => states[i] === "awaiting-reveal");
  if (awaiting.length > 0) {
    return {
      kind: "pending",
      reason: `${awaiting.length} review(s) of the space are past their double-blind window but not yet revealed in the log (e.g. ${awaiting[0]?.id}); their ratings count in every score`,
    };
  }
  const evidence: RatingsEvidence = {
    members: records
      .all("member")
      .filter((m) => m.erasedAt === null)
      .sort((a, b) => a.joinedAt - b.joinedAt || compareIds(a.id, b.id))
      .map((m) => m.id),
    scale: { min: policy.rating.min, max: policy.rating.max },
    reviews: reviews
      .filter((_, i) => states[i] === "published")
      .sort((a, b) => a.submittedAt - b.submittedAt || compareIds(a.id, b.id))
      .map((r) => ratedReview(records, r)),
    now,
    logSize,
  };
  const analysis = analyzeRatings(evidence);
  const prior = ratingsPrior(evidence);
  const provenance = credibleReputationProvenance(evidence, analysis, prior);
  const imports = importsBySubject(
    priorPolicy(policy),
    records.all("member").filter((m) => m.erasedAt === null),
    records.all("subject"),
  );
  return { kind: "ready", evidence, analysis, prior, imports, provenance };
}

/**
 * The reputation of `subject` from ready inputs.
 *
 * @example const r = credibleFromLog(inputs, "flat-7")
 */
export function credibleFromLog(
  inputs: Extract<CredibleInputs, { kind: "ready" }>,
  subject: string,
): Reputation {
  return credibleReputation(
    inputs.evidence,
    inputs.analysis,
    inputs.prior,
    subject,
    inputs.imports.get(subject),
  );
}

/**
 * Why this auditor cannot judge a served provenance (another version of an algorithm it names), or
 * undefined.
 *
 * @example const why = unsupportedCredible(served.provenance, inputs.provenance)
 */
export function unsupportedCredible(
  served: ServedProvenance,
  expected: ScoreProvenance,
): string | undefined {
  if (served.version !== expected.version) {
    return `the score is ${served.algorithm} ${served.version}; this auditor recomputes ${expected.version}`;
  }
  for (const name of VERSIONED) {
    if (served.params[name] !== expected.params[name]) {
      return `the score's ${name} is ${String(served.params[name])}; this auditor recomputes ${String(expected.params[name])}`;
    }
  }
  return undefined;
}

/**
 * Every parameter on which the served provenance and the one the log gives differ.
 *
 * @example compareProvenance(served.provenance, inputs.provenance) // [{ field: "provenance.params.priorMean", … }]
 */
export function compareProvenance(
  served: ServedProvenance,
  expected: ScoreProvenance,
): Difference[] {
  const names = new Set([...Object.keys(expected.params), ...Object.keys(served.params)]);
  const out: Difference[] = [];
  for (const name of names) {
    const s = served.params[name];
    const l = expected.params[name];
    if (!sameParam(s, l)) {
      out.push({
        field: `provenance.params.${name}`,
        served: s === undefined ? "absent" : JSON.stringify(s),
        log: l === undefined ? "absent" : JSON.stringify(l),
      });
    }
  }
  return out;
}

function ratedReview(records: RecordSet, r: ReviewRecord): RatedReview {
  return {
    id: r.id,
    author: r.author,
    subject: r.subject,
    owner: records.get("subject", r.subject)?.owner ?? null,
    rating: r.overall as number,
    verified: r.provenance === "verified",
    writtenAt: r.submittedAt,
    publicAt: publicAt(r),
  };
}

/** Its reveal, or the end of its window if that came first (the server's `visible_from`). */
function publicAt(r: ReviewRecord): number {
  if (r.revealedAt === null) return r.sealedUntil ?? r.submittedAt;
  return r.sealedUntil === null ? r.revealedAt : Math.min(r.revealedAt, r.sealedUntil);
}

function sameParam(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
