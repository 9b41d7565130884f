/**
 * Edge embeddedness: how many common neighbours the two ends of an edge have. Real friendships sit
 * inside dense clusters (many triangles); an attack edge that a Sybil forges to a random member has
 * almost none, because the attacker cannot also befriend that member's friends. Weighting the walk by
 * embeddedness therefore starves attack edges — against *random* attack edges. An attacker who targets
 * a whole circle of friends creates triangles and defeats it (see docs/evaluation.md).
 */
import { buildGraph, type Graph } from "../graph/csr.js";

/**
 * For every edge of a symmetric graph (CSR order), the number of common neighbours of its ends.
 * Uses per-node sorted adjacency and merges the shorter list into a marker array: O(Σ min(dᵤ, dᵥ)).
 *
 * @example const triangles = commonNeighbours(g) // triangles[e] for edge e
 */
export function commonNeighbours(g: Graph): Uint32Array {
  const n = g.nodeCount;
  const mark = new Int32Array(n).fill(-1);
  const counts = new Uint32Array(g.edgeCount);
  for (let u = 0; u < n; u++) {
    const start = g.offsets[u] as number;
    const end = g.offsets[u + 1] as number;
    for (let e = start; e < end; e++) mark[g.targets[e] as number] = u;
    for (let e = start; e < end; e++) {
      const v = g.targets[e] as number;
      let common = 0;
      for (let f = g.offsets[v] as number; f < (g.offsets[v + 1] as number); f++) {
        const w = g.targets[f] as number;
        if (w !== u && w !== v && mark[w] === u) common++;
      }
      counts[e] = common;
    }
  }
  return counts;
}

/**
 * The same graph with each edge weighted by (common neighbours + `floor`): a floor > 0 keeps
 * triangle-free benign edges (bridges between friend circles) walkable, at a low weight.
 *
 * @example const weighted = embeddednessWeighted(g, 0.1)
 */
export function embeddednessWeighted(g: Graph, floor: number): Graph {
  if (!(floor >= 0)) throw new RangeError(`floor must be ≥ 0, got ${floor}`);
  const counts = commonNeighbours(g);
  const sources = new Uint32Array(g.edgeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    sources.fill(u, g.offsets[u] as number, g.offsets[u + 1] as number);
  }
  const weights = new Float32Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) weights[e] = (counts[e] as number) + floor;
  return buildGraph(g.nodeCount, {
    count: g.edgeCount,
    sources,
    targets: g.targets,
    weights,
  });
}
