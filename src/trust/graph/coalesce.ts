/**
 * Merges parallel edges: every u → v pair becomes one edge whose weight is the sum of the pair's signed
 * weights (so +1 and −1 cancel, as EigenTrust's local trust s_ij = sat(i,j) − unsat(i,j), §4.1) and whose
 * time, when the graph has times, is the latest. Kinds are dropped: a merged edge has no single kind.
 * O(n + m) with one marker array; edges of a row keep the order of their first occurrence.
 */
import type { Graph } from "./csr.js";

/**
 * The graph with parallel edges summed into one.
 *
 * @example
 * const g = coalesce(buildGraph(2, { count: 2, sources: Uint32Array.of(0, 0),
 *   targets: Uint32Array.of(1, 1), weights: Float32Array.of(1, -3) }))
 * // g.edgeCount === 1, g.weights[0] === -2
 */
export function coalesce(g: Graph): Graph {
  const n = g.nodeCount;
  const slotOf = new Int32Array(n).fill(-1); // target → its slot in the current row, or -1
  const offsets = new Uint32Array(n + 1);
  const targets = new Uint32Array(g.edgeCount);
  const sums = new Float64Array(g.edgeCount);
  const times = g.times === undefined ? undefined : new Float64Array(g.edgeCount);
  let count = 0;
  for (let u = 0; u < n; u++) {
    const rowStart = count;
    const end = g.offsets[u + 1] as number;
    for (let e = g.offsets[u] as number; e < end; e++) {
      const v = g.targets[e] as number;
      let slot = slotOf[v] as number;
      if (slot < rowStart) {
        slot = count++;
        slotOf[v] = slot;
        targets[slot] = v;
        sums[slot] = 0;
        if (times !== undefined) times[slot] = Number.NEGATIVE_INFINITY;
      }
      sums[slot] = (sums[slot] as number) + (g.weights[e] as number);
      if (times !== undefined) {
        times[slot] = Math.max(times[slot] as number, (g.times as Float64Array)[e] as number);
      }
    }
    offsets[u + 1] = count;
  }
  const merged = {
    nodeCount: n,
    edgeCount: count,
    offsets,
    targets: targets.slice(0, count),
    weights: Float32Array.from(sums.subarray(0, count)),
    ...(times === undefined ? {} : { times: times.slice(0, count) }),
  };
  return g.logSize === undefined ? merged : { ...merged, logSize: g.logSize };
}
