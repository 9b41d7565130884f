/**
 * The stored scores that need the policy's pre-trusted members (issue 5): every member's global trust
 * (EigenTrust), SybilRank trust and SybilSCAR Sybil probability, computed by src/trust/seeded from the
 * same evidence as the other scores, with the seeds named in each row's params. They are cheap next to
 * the ratings analysis (a few sweeps over the vouch and interaction graph), so every recompute
 * rewrites them all; a space whose policy names no member seed stores none (and drops those stored).
 */
import { createHash } from "node:crypto";
import type { ScoreProvenance } from "../../../trust/result.js";
import {
  GLOBAL_TRUST,
  type SeededInput,
  type SeededMemberScores,
  type SeededScores,
  SYBILRANK,
  SYBILSCAR,
  seededScores,
} from "../../../trust/seeded/index.js";
import type { SpaceEvidence } from "../evidence.js";
import { normalizedRating } from "../graphs.js";
import type { AlgorithmUpdate, ComputeProgress, PreviousScores, ScoreRow } from "./compute.js";

/** The algorithms this module stores, one row per member each. */
export const SEEDED_ALGORITHMS: readonly string[] = [GLOBAL_TRUST, SYBILRANK, SYBILSCAR];

/**
 * The public evidence of the seeded scores, as an auditor rebuilds it from the log.
 *
 * @example const input = seededInput(evidence)
 */
export function seededInput(evidence: SpaceEvidence): SeededInput {
  return {
    members: evidence.members,
    seeds: evidence.trustSeeds ?? [],
    vouches: evidence.vouches,
    interactions: evidence.interactions,
    ratings: evidence.reviews.map((r) => ({
      from: r.author,
      to: evidence.subjectOwners.get(r.subject) ?? null,
      weight: normalizedRating(r.overall, evidence.scale),
    })),
    logSize: evidence.logSize,
  };
}

/**
 * The updates of the three seeded algorithms for `evidence`, against the entities stored.
 *
 * @example updates.push(...seededUpdates(evidence, previous))
 */
export function seededUpdates(
  evidence: SpaceEvidence,
  previous: PreviousScores,
  onProgress: ComputeProgress = () => {},
): AlgorithmUpdate[] {
  const input = seededInput(evidence);
  let scores: SeededScores | null = null;
  if (input.seeds.length > 0) {
    onProgress("seeded", 0, 1);
    scores = seededScores(input);
    onProgress("seeded", 1, 1);
  }
  const stored = (algorithm: string) => [...(previous.seeded?.get(algorithm) ?? [])];
  if (scores === null) {
    return SEEDED_ALGORITHMS.filter((a) => stored(a).length > 0).map((algorithm) => ({
      algorithm,
      entityKind: "member",
      version: previous.algorithms.get(algorithm)?.version ?? "none",
      params: previous.algorithms.get(algorithm)?.params ?? "{}",
      rows: [],
      removed: stored(algorithm),
      unchanged: 0,
    }));
  }
  const inputs = createHash("sha256").update(JSON.stringify(input)).digest("hex");
  const members = new Set(evidence.members);
  const { seeds, ignoredSeeds } = scores;
  const update = (
    algorithm: string,
    p: ScoreProvenance,
    row: (m: SeededMemberScores) => { score: number; details: object },
  ): AlgorithmUpdate => ({
    algorithm,
    entityKind: "member",
    version: p.version,
    params: JSON.stringify({ ...p.params, ignoredSeeds, now: evidence.now }),
    rows: scores.members.map((m): ScoreRow => {
      const { score, details } = row(m);
      return { entity: m.member, score, details: JSON.stringify(details), inputs };
    }),
    removed: stored(algorithm).filter((m) => !members.has(m)),
    unchanged: 0,
  });
  return [
    update(GLOBAL_TRUST, scores.provenance.globalTrust, (m) => ({
      score: m.globalTrust,
      details: { relativeTrust: m.relativeTrust, ties: m.ties, seed: m.seed, seeds },
    })),
    update(SYBILRANK, scores.provenance.sybilRank, (m) => ({
      score: m.sybilRank,
      details: { ties: m.ties, seed: m.seed, seeds },
    })),
    update(SYBILSCAR, scores.provenance.sybilScar, (m) => ({
      score: m.sybilProbability,
      details: {
        reasons: m.reasons,
        ties: m.ties,
        sybilRank: m.sybilRank,
        globalTrust: m.globalTrust,
        seed: m.seed,
        seeds,
      },
    })),
  ];
}
