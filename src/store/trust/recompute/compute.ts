/**
 * The computing half of a recompute: from a space's evidence (and, for an incremental recompute, the
 * digests of what is stored) to the rows to write. No I/O beyond hashing, so it runs in the worker
 * thread (worker.ts) or, for small spaces and tests, in place.
 *
 * Strategy (docs/architecture.md, "Trust scores"):
 * 1. hash the inputs of the whole-graph analysis; when the digest equals the stored one, every member's
 *    suspicion and every rater's credibility are unchanged: the analysis is skipped and the stored
 *    rows are confirmed at the new log size;
 * 2. otherwise run the analysis (REV2, behaviour, credibility, retaliation) and rewrite every member's
 *    suspicion row: a new rating moves fairness and goodness across its connected component;
 * 3. per subject, hash its reputation inputs (the prior, its reviews, their raters' credibility and
 *    flags) and recompute only the subjects whose digest changed.
 * A full recompute is the same with nothing stored, so both paths compute each score the same way.
 */
import {
  credibleReputation,
  credibleReputationProvenance,
  credibleReviews,
  ratingsPrior,
} from "../../../trust/credible/index.js";
import { reputation, withImportedPrior } from "../../../trust/reputation/index.js";
import type { ScoreProvenance } from "../../../trust/result.js";
import { analyzeSpace, ratingsEvidence, type SpaceAnalysis } from "../analysis.js";
import type { SpaceEvidence } from "../evidence.js";
import { suspicionSignals } from "../scores.js";
import { ratingsDigest, subjectDigest } from "./digest.js";
import { seededUpdates } from "./seeded-update.js";

/** The algorithms whose scores are stored. */
export const SUSPICION = "fraud-suspicion";
export const REPUTATION = "bayesian-reputation";

/** What the store holds of the previous computation; empty for a full recompute. */
export interface PreviousScores {
  /** The ratings digest of the stored suspicion rows, or null when there are none. */
  readonly ratings: string | null;
  /** The version and params (JSON) the stored rows of each algorithm carry. */
  readonly algorithms: ReadonlyMap<string, { readonly version: string; readonly params: string }>;
  /** Subject → the digest of its stored reputation. */
  readonly subjects: ReadonlyMap<string, string>;
  /** Members with a stored suspicion row. */
  readonly members: ReadonlySet<string>;
  /** Seeded algorithm (seeded-update.ts) → the members with a stored row. */
  readonly seeded?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Nothing stored: what a full recompute starts from. */
export const NOTHING_STORED: PreviousScores = {
  ratings: null,
  algorithms: new Map(),
  subjects: new Map(),
  members: new Set(),
};

/** One score to write. */
export interface ScoreRow {
  readonly entity: string;
  readonly score: number;
  /** The explanation, JSON. */
  readonly details: string;
  /** The digest of its inputs (digest.ts). */
  readonly inputs: string;
}

/** What changes for one algorithm. */
export interface AlgorithmUpdate {
  readonly algorithm: string;
  readonly entityKind: "member" | "subject";
  readonly version: string;
  /** The params every row of the algorithm carries after the update, JSON. */
  readonly params: string;
  /** Rows to insert or replace. */
  readonly rows: readonly ScoreRow[];
  /** Entities whose stored row goes (no longer a member or subject). */
  readonly removed: readonly string[];
  /** Stored rows confirmed unchanged. */
  readonly unchanged: number;
}

/** The result of computing: one update per stored algorithm. */
export interface ComputedScores {
  readonly logSize: number;
  readonly ratingsDigest: string;
  /** False when the stored analysis was still valid and was not run. */
  readonly analysed: boolean;
  readonly updates: readonly AlgorithmUpdate[];
}

/** Progress of the computation: a stage, and units done of a total. */
export type ComputeProgress = (stage: string, done: number, total: number) => void;

/**
 * Computes what to write for `evidence` against what is stored.
 *
 * @example const { updates } = computeScores(evidence, NOTHING_STORED)
 */
export function computeScores(
  evidence: SpaceEvidence,
  previous: PreviousScores,
  onProgress: ComputeProgress = () => {},
): ComputedScores {
  const digest = ratingsDigest(ratingsEvidence(evidence), evidence.importedPriors);
  const reusable =
    previous.ratings === digest &&
    previous.algorithms.has(SUSPICION) &&
    previous.algorithms.has(REPUTATION);
  if (reusable) {
    return {
      logSize: evidence.logSize,
      ratingsDigest: digest,
      analysed: false,
      updates: [
        ...confirmStored(evidence, previous),
        ...seededUpdates(evidence, previous, onProgress),
      ],
    };
  }
  onProgress("analysis", 0, 1);
  const analysis = analyzeSpace(evidence);
  onProgress("analysis", 1, 1);
  return {
    logSize: evidence.logSize,
    ratingsDigest: digest,
    analysed: true,
    updates: [
      suspicionUpdate(evidence, analysis, previous, digest, onProgress),
      reputationUpdate(evidence, analysis, previous, onProgress),
      ...seededUpdates(evidence, previous, onProgress),
    ],
  };
}

/** Every member's suspicion, with its reasons and what credibility it gives the member as a rater. */
function suspicionUpdate(
  evidence: SpaceEvidence,
  analysis: SpaceAnalysis,
  previous: PreviousScores,
  digest: string,
  onProgress: ComputeProgress,
): AlgorithmUpdate {
  const { signals, provenance } = suspicionSignals(evidence, Number.POSITIVE_INFINITY, analysis);
  const { ids } = analysis.ratings;
  const s = analysis.suspicion;
  const c = analysis.credibility;
  const rows: ScoreRow[] = [];
  for (const [i, signal] of signals.entries()) {
    const u = ids.indexOf(signal.member) as number;
    const details = {
      reasons: signal.reasons,
      fairness: s.rev2.fairness[u],
      goodness: s.rev2.goodness[u],
      given: s.behaviour.given[u],
      received: s.received[u],
      credibility: c.credibility[u],
      lowCredibility: c.lowCredibility[u] === 1,
      suspectedRing: c.suspectedRing[u] === 1,
    };
    rows.push({
      entity: signal.member,
      score: signal.score,
      details: JSON.stringify(details),
      inputs: digest,
    });
    if (i % 1000 === 0) onProgress("suspicion", i, signals.length);
  }
  onProgress("suspicion", signals.length, signals.length);
  const members = new Set(evidence.members);
  return {
    algorithm: SUSPICION,
    entityKind: "member",
    version: provenance.version,
    params: paramsJson(provenance, evidence.now),
    rows,
    removed: [...previous.members].filter((m) => !members.has(m)),
    unchanged: 0,
  };
}

/** The reputation of every subject whose inputs changed; the others are confirmed. */
function reputationUpdate(
  evidence: SpaceEvidence,
  analysis: SpaceAnalysis,
  previous: PreviousScores,
  onProgress: ComputeProgress,
): AlgorithmUpdate {
  const input = analysis.input;
  const prior = ratingsPrior(input);
  const provenance = credibleReputationProvenance(input, analysis, prior);
  const subjects = [...evidence.subjectOwners.keys()].sort();
  const rows: ScoreRow[] = [];
  let unchanged = 0;
  for (const [i, subject] of subjects.entries()) {
    const reviews = credibleReviews(input, analysis, subject);
    const imported = evidence.importedPriors.get(subject);
    const inputs = subjectDigest(prior, evidence.scale, reviews, imported);
    if (previous.subjects.get(subject) === inputs) {
      unchanged++;
    } else {
      const r = credibleReputation(input, analysis, prior, subject, imported);
      rows.push({ entity: subject, score: r.score, details: reputationDetails(r), inputs });
    }
    if (i % 1000 === 0) onProgress("reputation", i, subjects.length);
  }
  onProgress("reputation", subjects.length, subjects.length);
  return {
    algorithm: REPUTATION,
    entityKind: "subject",
    version: provenance.version,
    params: paramsJson(provenance, evidence.now),
    rows,
    removed: [...previous.subjects.keys()].filter((s) => !evidence.subjectOwners.has(s)),
    unchanged,
  };
}

/**
 * The analysis is still valid: suspicion rows stay, and so does every stored reputation; a subject
 * registered since has no review (a review would have changed the digest) and starts at the prior.
 */
function confirmStored(evidence: SpaceEvidence, previous: PreviousScores): AlgorithmUpdate[] {
  const prior = ratingsPrior(ratingsEvidence(evidence));
  const rows: ScoreRow[] = [];
  for (const subject of [...evidence.subjectOwners.keys()].sort()) {
    if (previous.subjects.has(subject)) continue;
    const imported = evidence.importedPriors.get(subject);
    const params = { now: evidence.now, scale: evidence.scale, logSize: evidence.logSize };
    const own =
      imported === undefined ? undefined : withImportedPrior(prior, imported, 0, evidence.scale);
    const r = reputation([], own?.prior ?? prior, params);
    const withImport =
      own === undefined
        ? r
        : { ...r, importedPrior: own.effect, provenance: reputation([], prior, params).provenance };
    rows.push({
      entity: subject,
      score: r.score,
      details: reputationDetails(withImport),
      inputs: subjectDigest(prior, evidence.scale, [], imported),
    });
  }
  const stored = (algorithm: string) => {
    const { version, params } = previous.algorithms.get(algorithm) as {
      version: string;
      params: string;
    };
    const carried = { ...(JSON.parse(params) as Record<string, unknown>), now: evidence.now };
    return { version, params: JSON.stringify(carried) };
  };
  const removed = [...previous.subjects.keys()].filter((s) => !evidence.subjectOwners.has(s));
  return [
    {
      algorithm: SUSPICION,
      entityKind: "member",
      ...stored(SUSPICION),
      rows: [],
      removed: [],
      unchanged: previous.members.size,
    },
    {
      algorithm: REPUTATION,
      entityKind: "subject",
      ...stored(REPUTATION),
      rows,
      removed,
      unchanged: previous.subjects.size - removed.length,
    },
  ];
}

/** The explanation stored with a reputation: everything the public route serves but the provenance. */
function reputationDetails(r: ReturnType<typeof reputation>): string {
  return JSON.stringify({
    interval: r.interval,
    count: r.count,
    effectiveCount: r.effectiveCount,
    prior: r.prior,
    contributions: r.contributions,
    discounts: r.discounts,
    discountSummary: r.discountSummary,
    whatIf: r.whatIf,
    ...(r.importedPrior === undefined ? {} : { importedPrior: r.importedPrior }),
  });
}

/** The provenance's params with the time the evidence was read at (reputation names it `now`). */
function paramsJson(p: ScoreProvenance, now: number): string {
  return JSON.stringify({ ...p.params, now });
}
