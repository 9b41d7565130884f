/**
 * Personalized trust from a viewer to a subject: the viewer's personalized PageRank of the subject over
 * positive trust edges (forward push, push.ts), explained by the strongest trust paths between them
 * (trust-paths.ts). Paths are searched through the nodes the push settled mass on: every unit of mass
 * that reached the subject travelled through them, so no path the score depends on is missed, and the
 * search stays as local as the push.
 *
 * The score is p(t) + α·r(t): still a lower bound on ppr(t), since ppr(t) = p(t) + Σ_u r(u)·ppr_u(t)
 * and ppr_t(t) ≥ α, and a tighter one than p(t) alone for a subject the push reached but did not push.
 */
import { provenance, type WithProvenance } from "../result.js";
import {
  createPushWorkspace,
  forwardPush,
  type PushResult,
  type PushWorkspace,
  type TrustWalk,
} from "./push.js";
import { strongestTrustPaths, type TrustPath } from "./trust-paths.js";

export const PERSONALIZED_TRUST_VERSION = "1.0.0";

/** Parameters of a personalized trust query; every one has a default. */
export interface PersonalizedTrustOptions {
  /** Restart probability α. Default 0.15. */
  readonly alpha?: number;
  /** Push threshold ε per unit of out-degree; a query reads ≤ 1/(α·ε) edges. Default 1e-4. */
  readonly epsilon?: number;
  /** Trust paths to return. Default 3. */
  readonly maxPaths?: number;
  /** Hops per path. Default 4. */
  readonly maxPathLength?: number;
  /** Partial paths the search may expand. Default 2000. */
  readonly maxExpansions?: number;
  /** Children kept per expansion. Default 32. */
  readonly maxBranching?: number;
  /** Log size for provenance; defaults to graph.logSize, else the edge count. */
  readonly logSize?: number;
}

/** How much the viewer may trust the subject, and why. */
export interface PersonalizedTrust extends WithProvenance {
  readonly viewer: number;
  readonly subject: number;
  /** p(subject) + α·r(subject): a lower bound on the viewer's personalized PageRank of the subject. */
  readonly score: number;
  /** The true value lies in [score, score + errorBound]. */
  readonly errorBound: number;
  /** Strongest trust paths, strongest first; empty when no positive path lies within the support. */
  readonly paths: readonly TrustPath[];
  /** Whether the path search ran without any bound cutting it. */
  readonly pathsExhaustive: boolean;
  /** Edges the push read (≤ 1/(α·ε)). */
  readonly edgeReads: number;
}

/**
 * Personalized trust of `subject` as seen by `viewer`. Pass a workspace (createPushWorkspace) to reuse
 * across queries: without it each query pays an O(n) allocation.
 *
 * @example
 * const walk = prepareTrustWalk(graph)
 * const ws = createPushWorkspace(graph.nodeCount)
 * const t = personalizedTrust(walk, ids.intern("me"), ids.intern("plumber"), {}, ws)
 * // t.score, t.paths[0].nodes → [me, A, plumber]
 */
export function personalizedTrust(
  walk: TrustWalk,
  viewer: number,
  subject: number,
  options: PersonalizedTrustOptions = {},
  workspace: PushWorkspace = createPushWorkspace(walk.graph.nodeCount),
): PersonalizedTrust {
  const params = {
    alpha: options.alpha ?? 0.15,
    epsilon: options.epsilon ?? 1e-4,
    maxPaths: options.maxPaths ?? 3,
    maxPathLength: options.maxPathLength ?? 4,
    maxExpansions: options.maxExpansions ?? 2000,
    maxBranching: options.maxBranching ?? 32,
  };
  if (!Number.isInteger(subject) || subject < 0 || subject >= walk.graph.nodeCount) {
    throw new RangeError(
      `subject ${subject} is not a node of a ${walk.graph.nodeCount}-node graph`,
    );
  }
  const push = forwardPush(walk, viewer, params, workspace);
  const index = push.nodes.indexOf(subject);
  const search =
    index < 0
      ? { paths: [], exhaustive: true } // no mass reached the subject: no path carries any
      : strongestTrustPaths(walk, viewer, subject, {
          alpha: params.alpha,
          maxPaths: params.maxPaths,
          maxLength: params.maxPathLength,
          maxExpansions: params.maxExpansions,
          maxBranching: params.maxBranching,
          within: settledNodes(push),
        });
  return {
    viewer,
    subject,
    score:
      index < 0
        ? 0
        : (push.estimates[index] as number) + params.alpha * (push.residuals[index] as number),
    errorBound: push.residualMass,
    paths: search.paths,
    pathsExhaustive: search.exhaustive,
    edgeReads: push.edgeReads,
    provenance: provenance(
      "personalized-trust",
      PERSONALIZED_TRUST_VERSION,
      { ...params, walk: "positive-weighted", dangling: "restart-to-viewer" },
      options.logSize ?? walk.graph.logSize ?? walk.graph.edgeCount,
    ),
  };
}

/** Membership in the set of nodes the push settled mass on (pushed at least once). */
function settledNodes(push: PushResult): (node: number) => boolean {
  const settled = new Set<number>();
  for (let i = 0; i < push.nodes.length; i++) {
    if ((push.estimates[i] as number) > 0) settled.add(push.nodes[i] as number);
  }
  return (node) => settled.has(node);
}
