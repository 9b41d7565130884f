/**
 * SybilSCAR (Wang, Zhang, Gong, Wang: "SybilSCAR: Sybil Detection in Online Social Networks via Local
 * Rule based Propagation", INFOCOM 2017, §III). Each node holds a probability p of being a Sybil; a
 * known Sybil starts with prior 0.5 + θ, a trusted node 0.5 − θ, anyone else 0.5. The local rule mixes
 * the prior with the neighbours' beliefs through the homophily strength w of each edge (the probability
 * that its two ends share a label). In residual form (x̂ = x − 0.5):
 *
 *   p̂ᵤ ← q̂ᵤ + Σ_{v∈Γ(u)} 2·ŵᵤᵥ·p̂ᵥ,   clipped to [−0.5, 0.5]
 *
 * Two homophily modes: "constant" (SybilSCAR-C: ŵᵤᵥ = h·aᵤᵥ) and "degree" (SybilSCAR-D style:
 * ŵᵤᵥ = h·aᵤᵥ / dᵤ, so a node's neighbours together carry at most 2h, and a high-degree victim cannot
 * be swamped by its many attack edges). aᵤᵥ is the edge weight, 1 on a plain graph. The iteration
 * stops when no belief moves more than `tol` or after `maxIter` rounds (the paper uses 20).
 */
import type { Graph } from "../graph/csr.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { assertSeeds, weightedDegrees } from "./undirected.js";

export const SYBILSCAR_VERSION = "1.0.0";

export type Homophily = "constant" | "degree";

export interface SybilScarOptions {
  /** Known Sybils (may be empty). */
  readonly sybils?: ArrayLike<number>;
  /** Prior strength θ in (0, 0.5]; default 0.4 (priors 0.1 and 0.9, as in the paper). */
  readonly theta?: number;
  /** Default "degree". */
  readonly homophily?: Homophily;
  /** h: ŵ per unit of edge weight ("constant") or per node ("degree"); default 0.5·0.9 = 0.45 for
   * "degree", 1/(2·mean degree) for "constant". */
  readonly strength?: number;
  /** Default 1e-6. */
  readonly tol?: number;
  /** Default 20. */
  readonly maxIter?: number;
  readonly logSize?: number;
}

export interface SybilScarResult {
  /** Probability of being a Sybil, in [0, 1]. */
  readonly sybilProbability: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly provenance: ScoreProvenance;
}

/**
 * @example
 * const { sybilProbability } = sybilScar(g, trusted, { sybils: knownSybils })
 */
export function sybilScar(
  g: Graph,
  trusted: ArrayLike<number>,
  options: SybilScarOptions = {},
): SybilScarResult {
  const sybils = options.sybils ?? [];
  assertSeeds(g, trusted, "trusted");
  assertSeeds(g, sybils, "Sybil");
  const n = g.nodeCount;
  const theta = options.theta ?? 0.4;
  if (!(theta > 0 && theta <= 0.5)) throw new RangeError(`theta must be in (0, 0.5], got ${theta}`);
  const homophily = options.homophily ?? "degree";
  const degree = weightedDegrees(g);
  const strength = options.strength ?? defaultStrength(homophily, degree);
  const tol = options.tol ?? 1e-6;
  const maxIter = options.maxIter ?? 20;
  const prior = new Float64Array(n);
  for (let i = 0; i < trusted.length; i++) prior[trusted[i] as number] = -theta;
  for (let i = 0; i < sybils.length; i++) prior[sybils[i] as number] = theta;
  let belief = Float64Array.from(prior);
  let next = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && !converged) {
    iterations++;
    let delta = 0;
    for (let u = 0; u < n; u++) {
      const scale =
        homophily === "degree" ? neighbourScale(degree[u] as number, strength) : strength;
      let sum = 0;
      for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
        sum += (g.weights[e] as number) * (belief[g.targets[e] as number] as number);
      }
      const value = clipResidual((prior[u] as number) + 2 * scale * sum);
      delta = Math.max(delta, Math.abs(value - (belief[u] as number)));
      next[u] = value;
    }
    [belief, next] = [next, belief];
    converged = delta < tol;
  }
  const sybilProbability = belief.map((x) => x + 0.5);
  return {
    sybilProbability,
    iterations,
    converged,
    provenance: provenance(
      "sybilscar",
      SYBILSCAR_VERSION,
      {
        theta,
        homophily,
        strength,
        tol,
        maxIter,
        seeds: trusted.length,
        sybilSeeds: sybils.length,
      },
      options.logSize ?? g.edgeCount / 2,
    ),
  };
}

function defaultStrength(homophily: Homophily, degree: Float64Array): number {
  if (homophily === "degree") return 0.45;
  let total = 0;
  for (const d of degree) total += d;
  const mean = degree.length === 0 ? 1 : total / degree.length;
  return 1 / (2 * Math.max(mean, 1));
}

function neighbourScale(degree: number, strength: number): number {
  return degree > 0 ? strength / degree : 0;
}

function clipResidual(x: number): number {
  return Math.min(0.5, Math.max(-0.5, x));
}
