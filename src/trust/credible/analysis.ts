/**
 * The whole-graph analysis of a space's ratings that its credibility-weighted reputation needs: fraud
 * suspicion (REV2 and the behavioural signals), each rater's credibility, and retaliation between
 * members. Pure: a server computes it in a worker thread (src/store/trust/recompute), an auditor from
 * the log, and both get the same numbers from the same evidence.
 */
import {
  detectRetaliation,
  type RetaliationFinding,
  type RetaliationResult,
} from "../abuse/index.js";
import {
  type RaterCredibility,
  raterCredibility,
  type SuspicionResult,
  scoreSuspicion,
} from "../fraud/index.js";
import { type BuiltGraph, createGraphBuilder, createIdTable } from "../graph/index.js";
import { normalizedRating, type RatingsEvidence } from "./evidence.js";

/** Fixed a priori, not fitted (docs/evaluation.md). */
export const ANALYSIS_SETTINGS = {
  /** A negative review answering one received within this many seconds counts as retaliation. */
  retaliationWindow: 7 * 86_400,
} as const;

/** What the weighted reputation of every subject of the space reads, beyond the evidence. */
export interface RatingsAnalysis {
  /** The ratings graph (author → subject): members first, then subjects as first reviewed. */
  readonly ratings: BuiltGraph;
  readonly suspicion: SuspicionResult;
  readonly credibility: RaterCredibility;
  readonly retaliation: RetaliationResult;
  /** Review id → the retaliation finding whose answer it is. */
  readonly retaliations: ReadonlyMap<string, RetaliationFinding>;
  /** Subject → the positions of its reviews in the evidence, in order. */
  readonly bySubject: ReadonlyMap<string, readonly number[]>;
}

/**
 * Analyses the ratings of a space.
 *
 * @example const a = analyzeRatings(evidence); a.credibility.credibility[a.ratings.ids.indexOf(m)!]
 */
export function analyzeRatings(evidence: RatingsEvidence): RatingsAnalysis {
  const ratings = ratingsGraph(evidence);
  const suspicion = scoreSuspicion(ratings.graph, { logSize: evidence.logSize });
  const credibility = raterCredibility(suspicion);
  const { retaliation, retaliations } = retaliationBetweenMembers(evidence);
  return {
    ratings,
    suspicion,
    credibility,
    retaliation,
    retaliations,
    bySubject: bySubject(evidence),
  };
}

/**
 * The ratings graph: author → subject, the rating on −1..1, the time written in seconds (as the
 * behavioural signals expect). Every member is numbered first, so a member without ratings has a node.
 *
 * @example const { graph, ids } = ratingsGraph(evidence)
 */
export function ratingsGraph(evidence: RatingsEvidence): BuiltGraph {
  const builder = createGraphBuilder({ ids: createIdTable(evidence.members) });
  for (const r of evidence.reviews) {
    builder.add({
      kind: "rating",
      from: r.author,
      to: r.subject,
      weight: normalizedRating(r.rating, evidence.scale),
      time: Math.floor(r.writtenAt / 1000),
    });
  }
  return builder.build({ logSize: evidence.logSize });
}

/**
 * Retaliation is between members: a review of a listing is a review of its owner. Times are when the
 * reviews became public, not when they were written: under double-blind reviewing a member cannot
 * answer a review they could not read, and both sides of one interaction become public together.
 */
function retaliationBetweenMembers(evidence: RatingsEvidence): {
  retaliation: RetaliationResult;
  retaliations: Map<string, RetaliationFinding>;
} {
  const members = createIdTable(evidence.members);
  const kept: { id: string; author: number; target: number; rating: number; time: number }[] = [];
  for (const r of evidence.reviews) {
    const author = members.indexOf(r.author);
    const target = r.owner === null ? undefined : members.indexOf(r.owner);
    if (author === undefined || target === undefined || author === target) continue;
    kept.push({
      id: r.id,
      author,
      target,
      rating: normalizedRating(r.rating, evidence.scale),
      time: Math.floor(r.publicAt / 1000),
    });
  }
  const retaliation = detectRetaliation(
    {
      count: kept.length,
      authors: Uint32Array.from(kept, (k) => k.author),
      subjects: Uint32Array.from(kept, (k) => k.target),
      ratings: Float32Array.from(kept, (k) => k.rating),
      times: Float64Array.from(kept, (k) => k.time),
    },
    { window: ANALYSIS_SETTINGS.retaliationWindow, logSize: evidence.logSize },
  );
  const retaliations = new Map<string, RetaliationFinding>();
  for (const f of retaliation.findings) {
    const given = kept[f.given];
    if (given !== undefined) retaliations.set(given.id, f);
  }
  return { retaliation, retaliations };
}

function bySubject(evidence: RatingsEvidence): Map<string, number[]> {
  const out = new Map<string, number[]>();
  evidence.reviews.forEach((r, i) => {
    const list = out.get(r.subject);
    if (list === undefined) out.set(r.subject, [i]);
    else list.push(i);
  });
  return out;
}
