/**
 * The trust scores of a space, computed by src/trust from its evidence (evidence.ts): a subject's
 * Bayesian reputation, a viewer's personalized trust in a member with the paths that explain it, and
 * the fraud suspicion signals of every member. Each result carries src/trust's provenance with the log
 * size the evidence was read at.
 */

import { credibleReputation, ratingsPrior } from "../../trust/credible/index.js";
import {
  bySuspicion,
  type FraudReasonCode,
  type Reason,
  suspicionReasons,
} from "../../trust/fraud/index.js";
import type { EdgeKind } from "../../trust/graph/index.js";
import { personalizedTrust, prepareTrustWalk, type TrustPath } from "../../trust/rank/index.js";
import type { Reputation } from "../../trust/reputation/index.js";
import type { ScoreProvenance } from "../../trust/result.js";
import { analyzeSpace, type SpaceAnalysis } from "./analysis.js";
import type { SpaceEvidence } from "./evidence.js";
import { trustGraph } from "./graphs.js";

/**
 * The Bayesian reputation of `subject` against the space's prior, each review weighed by its rater's
 * credibility and flags (src/trust/credible), with its owner's imported prior when one counts. `analysis` defaults to the whole-graph analysis of the
 * evidence, computed once per evidence snapshot (analysis.ts).
 *
 * @example const r = subjectReputation(evidence, "flat-7"); r.score, r.interval, r.discounts
 */
export function subjectReputation(
  evidence: SpaceEvidence,
  subject: string,
  analysis: SpaceAnalysis = analyzeSpace(evidence),
): Reputation {
  const prior = ratingsPrior(analysis.input);
  return credibleReputation(
    analysis.input,
    analysis,
    prior,
    subject,
    evidence.importedPriors.get(subject),
  );
}

/** One hop of a trust path, named. */
export interface NamedTrustStep {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind | null;
  readonly share: number;
}

/** A trust path with its members named and a sentence for people. */
export interface NamedTrustPath {
  readonly members: readonly string[];
  readonly steps: readonly NamedTrustStep[];
  readonly strength: number;
  /** E.g. "you → vouched for A → stayed with B". */
  readonly text: string;
}

/** A viewer's trust in a member. */
export interface MemberTrust {
  readonly viewer: string;
  readonly member: string;
  readonly score: number;
  readonly errorBound: number;
  readonly paths: readonly NamedTrustPath[];
  readonly pathsExhaustive: boolean;
  readonly provenance: ScoreProvenance;
}

/**
 * Personalized trust from `viewer` to `member`, or null when either is not a node of the space.
 *
 * @example const t = memberTrust(evidence, me, plumber); t?.paths[0]?.text
 */
export function memberTrust(
  evidence: SpaceEvidence,
  viewer: string,
  member: string,
): MemberTrust | null {
  const { graph, ids } = trustGraph(evidence);
  const from = ids.indexOf(viewer);
  const to = ids.indexOf(member);
  if (from === undefined || to === undefined) return null;
  const t = personalizedTrust(prepareTrustWalk(graph), from, to, { logSize: evidence.logSize });
  const name = (node: number): string => ids.idOf(node);
  return {
    viewer,
    member,
    score: t.score,
    errorBound: t.errorBound,
    paths: t.paths.map((p) => namedPath(p, name)),
    pathsExhaustive: t.pathsExhaustive,
    provenance: t.provenance,
  };
}

function namedPath(path: TrustPath, name: (node: number) => string): NamedTrustPath {
  const steps = path.steps.map((s) => ({
    from: name(s.from),
    to: name(s.to),
    kind: s.kind ?? null,
    share: s.share,
  }));
  return {
    members: path.nodes.map(name),
    steps,
    strength: path.strength,
    text: ["you", ...steps.map((s) => `${hopVerb(s.kind)} ${s.to}`)].join(" → "),
  };
}

/** The words of one hop, by the evidence behind it. */
function hopVerb(kind: EdgeKind | null): string {
  switch (kind) {
    case "vouch":
      return "vouched for";
    case "interaction":
      return "stayed with";
    case "rating":
      return "rated well";
    case "alert":
    case null:
      return "trusts";
  }
}

/** One member's suspicion and why. */
export interface MemberSignal {
  readonly member: string;
  /** In [0, 1]: the sum of the reasons' contributions. */
  readonly score: number;
  readonly reasons: readonly Reason<FraudReasonCode>[];
}

/** The members ordered by suspicion, highest first, with the provenance of the scores. */
export interface SuspicionSignals {
  readonly signals: readonly MemberSignal[];
  readonly provenance: ScoreProvenance;
}

/**
 * Fraud suspicion of every member from the ratings graph, most suspicious first. Signals inform a
 * moderator; nothing here acts on them. `analysis` as in subjectReputation.
 *
 * @example const { signals } = suspicionSignals(evidence); signals[0]?.reasons[0]?.text
 */
export function suspicionSignals(
  evidence: SpaceEvidence,
  reasonLimit = 3,
  analysis: SpaceAnalysis = analyzeSpace(evidence),
): SuspicionSignals {
  const { ids } = analysis.ratings;
  const result = analysis.suspicion;
  const members = new Set(evidence.members);
  const signals: MemberSignal[] = [];
  for (const u of bySuspicion(result)) {
    const member = ids.idOf(u);
    if (!members.has(member)) continue; // a listing is rated, it does not rate: not a member signal
    signals.push({
      member,
      score: result.score[u] as number,
      reasons: suspicionReasons(result, u, reasonLimit),
    });
  }
  return { signals, provenance: result.provenance };
}
