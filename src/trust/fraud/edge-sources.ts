/**
 * The rater of every edge of a ratings graph. A CSR graph stores sources implicitly (edge e belongs to
 * the u with offsets[u] ≤ e < offsets[u+1]); the iterative rater/product algorithms here sweep edges in
 * storage order and need the source of each one in O(1).
 */
import type { Graph } from "../graph/csr.js";

/**
 * Length edgeCount: the source node of each edge, in CSR order.
 *
 * @example const raterOf = edgeSources(g); raterOf[e] // the rater of edge e
 */
export function edgeSources(g: Graph): Uint32Array {
  const sources = new Uint32Array(g.edgeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    sources.fill(u, g.offsets[u] as number, g.offsets[u + 1] as number);
  }
  return sources;
}

/**
 * Length nodeCount: how many edges point at each node.
 *
 * @example inDegrees(g)[v] // ratings v received
 */
export function inDegrees(g: Graph): Uint32Array {
  const counts = new Uint32Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    counts[v] = (counts[v] as number) + 1;
  }
  return counts;
}

/**
 * Throws RangeError unless every weight is a rating normalised to [-1, 1], the scale every fraud
 * algorithm here assumes (REV2 §3: scores in [-1, 1], so |score − goodness| ≤ 2).
 *
 * @example assertNormalisedRatings(g) // throws for a raw 1..5 star rating
 */
export function assertNormalisedRatings(g: Graph): void {
  for (let e = 0; e < g.edgeCount; e++) {
    const w = g.weights[e] as number;
    if (!(w >= -1 && w <= 1)) {
      throw new RangeError(`rating of edge ${e} is ${w}: normalise ratings to [-1, 1] first`);
    }
  }
}
