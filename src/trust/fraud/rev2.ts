/**
 * REV2 (Kumar, Hooi, Makhija, Kumar, Faloutsos, Subrahmanian: "REV2: Fraudulent User Prediction in
 * Rating Platforms", WSDM 2018, §4). Three mutually recursive quantities:
 *
 *   fairness    F(u) = (α1·μF + β1·IF(u) + Σ_{(u,p)} R(u,p)) / (α1 + β1 + |Out(u)|)          ∈ [0, 1]
 *   goodness    G(p) = (α2·μG + β2·IG(p) + Σ_{(u,p)} R(u,p)·score(u,p)) / (α2 + β2 + |In(p)|)  ∈ [-1, 1]
 *   reliability R(u,p) = (γ1·F(u) + γ2·(1 − |score(u,p) − G(p)|/2)) / (γ1 + γ2)              ∈ [0, 1]
 *
 * α1, α2 are the Laplace smoothing of §4.3: a user with few ratings is pulled towards the mean fairness
 * μF (a product towards the mean goodness μG), so one lucky rating cannot make a user perfectly fair.
 * β1, β2 weigh the behavioural priors IF, IG ∈ [0, 1] (1 = nothing suspicious), §4.4; they are 0 unless
 * priors are given. Following Algorithm 1, every quantity starts at its best value (1) and goodness,
 * then reliability, then fairness are updated until the largest change of any of them is below `tol`.
 * μF and μG are the means of the previous iterate over nodes with evidence (raters, rated nodes); the
 * authors' code uses the median instead, which this implementation does not follow.
 *
 * Users and products share one node space: in peer-to-peer rating (Bitcoin Alpha, a marketplace) a
 * member both rates and is rated.
 */
import type { Graph } from "../graph/csr.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { assertNormalisedRatings, edgeSources, inDegrees } from "./edge-sources.js";

export const REV2_VERSION = "1.0.0";

export interface Rev2Options {
  readonly alpha1?: number;
  readonly alpha2?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly gamma1?: number;
  readonly gamma2?: number;
  /** Behavioural prior of each user as a rater, in [0, 1] (1 = normal). Used when beta1 > 0. */
  readonly raterPrior?: Float64Array;
  /** Behavioural prior of each node as a product, in [0, 1] mapped to goodness 2x − 1. */
  readonly productPrior?: Float64Array;
  /** Stop when no fairness, goodness or reliability moves more than this. Default 1e-6. */
  readonly tol?: number;
  /** Default 200. */
  readonly maxIter?: number;
  /** Log size the ratings were read from (for provenance); defaults to the edge count. */
  readonly logSize?: number;
}

export interface Rev2Result {
  /** Length nodeCount; a node that rated nobody holds the prior mean μF (NaN when α1 = β1 = 0). */
  readonly fairness: Float64Array;
  /** Length nodeCount; a node nobody rated holds the prior mean μG (NaN when α2 = β2 = 0). */
  readonly goodness: Float64Array;
  /** Length edgeCount, in the graph's CSR order. */
  readonly reliability: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly provenance: ScoreProvenance;
}

/**
 * Runs REV2 on a ratings graph whose weights are ratings normalised to [-1, 1].
 *
 * @example
 * const { fairness, goodness } = rev2(buildGraph(n, ratings), { alpha1: 1, alpha2: 1 })
 */
export function rev2(g: Graph, options: Rev2Options = {}): Rev2Result {
  assertNormalisedRatings(g);
  const p = resolveOptions(options);
  const n = g.nodeCount;
  const raterOf = edgeSources(g);
  const inCount = inDegrees(g);
  const fairness = new Float64Array(n).fill(1);
  const goodness = new Float64Array(n).fill(1);
  const reliability = new Float64Array(g.edgeCount).fill(1);
  const sums = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < p.maxIter && !converged) {
    iterations++;
    const dG = updateGoodness(g, reliability, inCount, goodness, sums, p, options.productPrior);
    const dR = updateReliability(g, raterOf, fairness, goodness, reliability, p);
    const dF = updateFairness(g, reliability, fairness, p, options.raterPrior);
    converged = Math.max(dG, dR, dF) < p.tol;
  }
  return {
    fairness,
    goodness,
    reliability,
    iterations,
    converged,
    provenance: provenance(
      "rev2",
      REV2_VERSION,
      {
        alpha1: p.alpha1,
        alpha2: p.alpha2,
        beta1: p.beta1,
        beta2: p.beta2,
        gamma1: p.gamma1,
        gamma2: p.gamma2,
        tol: p.tol,
        maxIter: p.maxIter,
        priorMean: "mean",
      },
      options.logSize ?? g.edgeCount,
    ),
  };
}

type Params = Required<
  Pick<
    Rev2Options,
    "alpha1" | "alpha2" | "beta1" | "beta2" | "gamma1" | "gamma2" | "tol" | "maxIter"
  >
>;

function resolveOptions(o: Rev2Options): Params {
  const p: Params = {
    alpha1: o.alpha1 ?? 1,
    alpha2: o.alpha2 ?? 1,
    beta1: o.raterPrior === undefined ? 0 : (o.beta1 ?? 1),
    beta2: o.productPrior === undefined ? 0 : (o.beta2 ?? 1),
    gamma1: o.gamma1 ?? 1,
    gamma2: o.gamma2 ?? 1,
    tol: o.tol ?? 1e-6,
    maxIter: o.maxIter ?? 200,
  };
  for (const [name, value] of Object.entries(p)) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(`REV2 ${name} must be a finite non-negative number, got ${value}`);
    }
  }
  if (p.gamma1 + p.gamma2 === 0) throw new RangeError("REV2 needs gamma1 + gamma2 > 0");
  return p;
}

/** G(p) from the reliabilities of p's incoming ratings; returns the largest change. */
function updateGoodness(
  g: Graph,
  reliability: Float64Array,
  inCount: Uint32Array,
  goodness: Float64Array,
  sums: Float64Array,
  p: Params,
  prior: Float64Array | undefined,
): number {
  const mean = meanWhere(goodness, (v) => (inCount[v] as number) > 0);
  sums.fill(0);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    sums[v] = (sums[v] as number) + (reliability[e] as number) * (g.weights[e] as number);
  }
  let delta = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    const behaviour = prior === undefined ? 0 : 2 * (prior[v] as number) - 1;
    const next =
      (p.alpha2 * mean + p.beta2 * behaviour + (sums[v] as number)) /
      (p.alpha2 + p.beta2 + (inCount[v] as number));
    delta = Math.max(delta, Math.abs(next - (goodness[v] as number)) || 0);
    goodness[v] = next;
  }
  return delta;
}

/** R(u,p) from the rater's fairness and the rating's agreement with p's goodness. */
function updateReliability(
  g: Graph,
  raterOf: Uint32Array,
  fairness: Float64Array,
  goodness: Float64Array,
  reliability: Float64Array,
  p: Params,
): number {
  let delta = 0;
  const total = p.gamma1 + p.gamma2;
  for (let e = 0; e < g.edgeCount; e++) {
    const agreement =
      1 - Math.abs((g.weights[e] as number) - (goodness[g.targets[e] as number] as number)) / 2;
    const next =
      (p.gamma1 * (fairness[raterOf[e] as number] as number) + p.gamma2 * agreement) / total;
    delta = Math.max(delta, Math.abs(next - (reliability[e] as number)));
    reliability[e] = next;
  }
  return delta;
}

/** F(u) from the reliabilities of u's outgoing ratings. */
function updateFairness(
  g: Graph,
  reliability: Float64Array,
  fairness: Float64Array,
  p: Params,
  prior: Float64Array | undefined,
): number {
  const mean = meanWhere(fairness, (u) => (g.offsets[u + 1] as number) > (g.offsets[u] as number));
  let delta = 0;
  for (let u = 0; u < g.nodeCount; u++) {
    const start = g.offsets[u] as number;
    const end = g.offsets[u + 1] as number;
    let sum = 0;
    for (let e = start; e < end; e++) sum += reliability[e] as number;
    const behaviour = prior === undefined ? 0 : (prior[u] as number);
    const next =
      (p.alpha1 * mean + p.beta1 * behaviour + sum) / (p.alpha1 + p.beta1 + (end - start));
    delta = Math.max(delta, Math.abs(next - (fairness[u] as number)) || 0);
    fairness[u] = next;
  }
  return delta;
}

function meanWhere(values: Float64Array, keep: (i: number) => boolean): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!keep(i)) continue;
    sum += values[i] as number;
    count++;
  }
  return count === 0 ? 1 : sum / count;
}
