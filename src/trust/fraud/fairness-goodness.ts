/**
 * Fairness and goodness (Kumar, Spezzano, Subrahmanian, Faloutsos: "Edge Weight Prediction in Weighted
 * Signed Networks", ICDM 2016, §III): a node's goodness is the fairness-weighted mean of the ratings it
 * receives, a rater's fairness is one minus its mean distance to the goodness of what it rated:
 *
 *   G(v) = (1/|in(v)|) Σ_{u∈in(v)} F(u)·W(u,v)
 *   F(u) = 1 − (1/|out(u)|) Σ_{v∈out(u)} |W(u,v) − G(v)| / 2
 *
 * with W in [-1, 1]. It is REV2 without smoothing or reliability, and the baseline REV2 is compared to.
 * Theorem III.1 of the paper proves convergence; we stop when no value moves more than `tol`.
 */
import type { Graph } from "../graph/csr.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { assertNormalisedRatings, inDegrees } from "./edge-sources.js";

export const FAIRNESS_GOODNESS_VERSION = "1.0.0";

export interface FairnessGoodnessOptions {
  /** Default 1e-6. */
  readonly tol?: number;
  /** Default 200. */
  readonly maxIter?: number;
  readonly logSize?: number;
}

export interface FairnessGoodnessResult {
  /** Length nodeCount; 1 for a node that rated nobody. */
  readonly fairness: Float64Array;
  /** Length nodeCount; 0 for a node nobody rated. */
  readonly goodness: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly provenance: ScoreProvenance;
}

/**
 * Computes fairness and goodness of a graph whose weights are ratings normalised to [-1, 1].
 *
 * @example const { fairness, goodness } = fairnessGoodness(g)
 */
export function fairnessGoodness(
  g: Graph,
  options: FairnessGoodnessOptions = {},
): FairnessGoodnessResult {
  assertNormalisedRatings(g);
  const tol = options.tol ?? 1e-6;
  const maxIter = options.maxIter ?? 200;
  const n = g.nodeCount;
  const inCount = inDegrees(g);
  const fairness = new Float64Array(n).fill(1);
  const goodness = new Float64Array(n);
  const sums = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && !converged) {
    iterations++;
    const dG = updateGoodness(g, fairness, inCount, goodness, sums);
    const dF = updateFairness(g, goodness, fairness);
    converged = Math.max(dG, dF) < tol;
  }
  return {
    fairness,
    goodness,
    iterations,
    converged,
    provenance: provenance(
      "fairness-goodness",
      FAIRNESS_GOODNESS_VERSION,
      { tol, maxIter },
      options.logSize ?? g.edgeCount,
    ),
  };
}

function updateGoodness(
  g: Graph,
  fairness: Float64Array,
  inCount: Uint32Array,
  goodness: Float64Array,
  sums: Float64Array,
): number {
  sums.fill(0);
  for (let u = 0; u < g.nodeCount; u++) {
    const f = fairness[u] as number;
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      sums[v] = (sums[v] as number) + f * (g.weights[e] as number);
    }
  }
  let delta = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    const count = inCount[v] as number;
    const next = count === 0 ? 0 : (sums[v] as number) / count;
    delta = Math.max(delta, Math.abs(next - (goodness[v] as number)));
    goodness[v] = next;
  }
  return delta;
}

function updateFairness(g: Graph, goodness: Float64Array, fairness: Float64Array): number {
  let delta = 0;
  for (let u = 0; u < g.nodeCount; u++) {
    const start = g.offsets[u] as number;
    const end = g.offsets[u + 1] as number;
    if (end === start) continue;
    let distance = 0;
    for (let e = start; e < end; e++) {
      distance += Math.abs((g.weights[e] as number) - (goodness[g.targets[e] as number] as number));
    }
    const next = 1 - distance / (2 * (end - start));
    delta = Math.max(delta, Math.abs(next - (fairness[u] as number)));
    fairness[u] = next;
  }
  return delta;
}
