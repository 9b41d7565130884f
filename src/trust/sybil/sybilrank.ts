/**
 * SybilRank (Cao, Sirivianos, Yang, Pregueiro: "Aiding the Detection of Fake Accounts in Large Scale
 * Social Online Services", NSDI 2012, §4). Trust starts on a few trusted seeds and spreads by power
 * iteration of the random walk; the walk is stopped early, after O(log n) steps (§4.2: ⌈log₂ n⌉),
 * before it mixes into the Sybil region through the few attack edges. Nodes are then ranked by trust
 * divided by degree (§4.3), which removes the walk's bias towards high-degree nodes: benign nodes end
 * with a degree-normalised trust near the seeds' level, Sybils near zero.
 *
 * Edge weights are walk weights (1 for a plain social graph); a weighted walk splits a node's trust in
 * proportion to them and normalises by weighted degree.
 */
import type { Graph } from "../graph/csr.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { assertSeeds, weightedDegrees } from "./undirected.js";

export const SYBILRANK_VERSION = "1.0.0";

export interface SybilRankOptions {
  /** Power iterations; default ⌈log₂ n⌉ (§4.2). */
  readonly iterations?: number;
  /** Trust placed on the seeds at the start, split evenly; default n (so 1 per node on average). */
  readonly totalTrust?: number;
  readonly logSize?: number;
}

export interface SybilRankResult {
  /** Degree-normalised trust: higher is more likely benign; 0 for isolated nodes. */
  readonly trust: Float64Array;
  /** Trust before degree normalisation (sums to totalTrust on a graph without isolated seeds). */
  readonly raw: Float64Array;
  readonly iterations: number;
  readonly provenance: ScoreProvenance;
}

/**
 * @example
 * const { trust } = sybilRank(undirectedGraph(n, a, b), trustedSeeds)
 * // rank members by trust; the lowest are the likeliest Sybils
 */
export function sybilRank(
  g: Graph,
  seeds: ArrayLike<number>,
  options: SybilRankOptions = {},
): SybilRankResult {
  assertSeeds(g, seeds, "trusted");
  if (seeds.length === 0) throw new RangeError("SybilRank needs at least one trusted seed");
  const n = g.nodeCount;
  const iterations = options.iterations ?? Math.ceil(Math.log2(Math.max(n, 2)));
  const totalTrust = options.totalTrust ?? n;
  const degree = weightedDegrees(g);
  let trust = new Float64Array(n);
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i] as number;
    trust[s] = (trust[s] as number) + totalTrust / seeds.length;
  }
  let next = new Float64Array(n);
  for (let step = 0; step < iterations; step++) {
    spreadOnce(g, degree, trust, next);
    [trust, next] = [next, trust];
  }
  const normalised = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const d = degree[u] as number;
    normalised[u] = d > 0 ? (trust[u] as number) / d : 0;
  }
  return {
    trust: normalised,
    raw: trust,
    iterations,
    provenance: provenance(
      "sybilrank",
      SYBILRANK_VERSION,
      { iterations, totalTrust, seeds: seeds.length },
      options.logSize ?? g.edgeCount / 2,
    ),
  };
}

/** One step of the walk: every node hands its trust to its neighbours in proportion to edge weight. */
function spreadOnce(g: Graph, degree: Float64Array, from: Float64Array, to: Float64Array): void {
  to.fill(0);
  for (let u = 0; u < g.nodeCount; u++) {
    const t = from[u] as number;
    if (t === 0) continue;
    const d = degree[u] as number;
    if (d === 0) {
      to[u] = (to[u] as number) + t; // an isolated node keeps its trust (nowhere to go)
      continue;
    }
    const share = t / d;
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      to[v] = (to[v] as number) + share * (g.weights[e] as number);
    }
  }
}

/**
 * SybilRank run twice, from the trusted seeds and from known Sybils, and contrasted: benign trust
 * minus Sybil "distrust", both degree-normalised and each scaled by its seed count. Known Sybils are
 * evidence SybilRank alone cannot use (§7 of the paper leaves it to future work); the contrast is
 * this project's extension, evaluated in docs/evaluation.md.
 *
 * @example const { trust } = contrastSybilRank(g, trusted, knownSybils)
 */
export function contrastSybilRank(
  g: Graph,
  trusted: ArrayLike<number>,
  sybils: ArrayLike<number>,
  options: SybilRankOptions = {},
): SybilRankResult {
  const benign = sybilRank(g, trusted, options);
  const distrust = sybilRank(g, sybils, options);
  const trust = new Float64Array(g.nodeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    trust[u] = (benign.trust[u] as number) - (distrust.trust[u] as number);
  }
  return {
    trust,
    raw: benign.raw,
    iterations: benign.iterations,
    provenance: provenance(
      "sybilrank-contrast",
      SYBILRANK_VERSION,
      {
        iterations: benign.iterations,
        totalTrust: options.totalTrust ?? g.nodeCount,
        seeds: trusted.length,
        sybilSeeds: sybils.length,
      },
      options.logSize ?? g.edgeCount / 2,
    ),
  };
}
