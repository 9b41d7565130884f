/**
 * Reciprocal rating rings: u rates v positively and v rates u positively back, soon after. Mutual
 * back-scratching inflates both reputations at no cost, the cheapest collusion there is (REV2 §4.4;
 * the "lockstep" behaviour of CopyCatch). Only cycles of length two are counted here.
 */
import type { Graph } from "../graph/csr.js";

/**
 * For each rater, how many of its positive ratings were answered (or preceded) by a positive rating
 * from the same ratee within `window` time units; any reciprocal positive rating counts when the graph
 * has no times or `window` is Infinity. O(m log d): each node's out-edges are sorted by target once.
 *
 * @example const returned = reciprocatedPositives(g, 2 * 86_400)
 */
export function reciprocatedPositives(g: Graph, window: number): Uint32Array {
  const byTarget = edgesSortedByTarget(g);
  const timed = g.times !== undefined && Number.isFinite(window);
  const counts = new Uint32Array(g.nodeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      if ((g.weights[e] as number) <= 0 || v === u) continue;
      const answered = someEdge(g, byTarget, v, u, (back) => {
        if ((g.weights[back] as number) <= 0) return false;
        if (!timed) return true;
        const times = g.times as Float64Array;
        return Math.abs((times[e] as number) - (times[back] as number)) <= window;
      });
      if (answered) counts[u] = (counts[u] as number) + 1;
    }
  }
  return counts;
}

/** Edge ids with each node's segment ordered by target, so edges u → v are found by binary search. */
function edgesSortedByTarget(g: Graph): Uint32Array {
  const order = new Uint32Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) order[e] = e;
  for (let u = 0; u < g.nodeCount; u++) {
    const start = g.offsets[u] as number;
    const end = g.offsets[u + 1] as number;
    if (end - start > 1) {
      order
        .subarray(start, end)
        .sort((a, b) => (g.targets[a] as number) - (g.targets[b] as number));
    }
  }
  return order;
}

/** Whether some edge from → to satisfies `accept`. */
function someEdge(
  g: Graph,
  byTarget: Uint32Array,
  from: number,
  to: number,
  accept: (edge: number) => boolean,
): boolean {
  let lo = g.offsets[from] as number;
  let hi = g.offsets[from + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((g.targets[byTarget[mid] as number] as number) < to) lo = mid + 1;
    else hi = mid;
  }
  const end = g.offsets[from + 1] as number;
  for (let i = lo; i < end && g.targets[byTarget[i] as number] === to; i++) {
    if (accept(byTarget[i] as number)) return true;
  }
  return false;
}
