/**
 * Sybil defences walk an undirected social graph (a vouch or interaction is a two-way tie: an attacker
 * cannot make a benign member trust them by pointing at them). Graphs here are CSR graphs holding each
 * undirected edge in both directions with the same weight; these helpers build and check that form.
 */
import { buildGraph, type Graph } from "../graph/csr.js";

/**
 * The symmetric CSR graph of undirected edges (a[i], b[i]) with optional positive weights. Self-loops
 * are dropped; a repeated pair stays repeated (callers deduplicate if they must).
 *
 * @example const g = undirectedGraph(3, Uint32Array.of(0, 1), Uint32Array.of(1, 2))
 */
export function undirectedGraph(
  nodeCount: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Graph {
  if (a.length !== b.length || (weights !== undefined && weights.length !== a.length)) {
    throw new RangeError("undirectedGraph: endpoint and weight arrays differ in length");
  }
  let kept = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) kept++;
  const sources = new Uint32Array(2 * kept);
  const targets = new Uint32Array(2 * kept);
  const w = new Float32Array(2 * kept);
  let at = 0;
  for (let i = 0; i < a.length; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    if (u === v) continue;
    const weight = weights === undefined ? 1 : (weights[i] as number);
    if (!(weight >= 0)) throw new RangeError(`edge ${i} has weight ${weight}: weights must be ≥ 0`);
    sources[at] = u;
    targets[at] = v;
    w[at++] = weight;
    sources[at] = v;
    targets[at] = u;
    w[at++] = weight;
  }
  return buildGraph(nodeCount, { count: at, sources, targets, weights: w });
}

/**
 * Each node's total edge weight (its degree when unweighted).
 *
 * @example weightedDegrees(undirectedGraph(2, [0], [1])) // Float64Array [1, 1]
 */
export function weightedDegrees(g: Graph): Float64Array {
  const degrees = new Float64Array(g.nodeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    let d = 0;
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      d += g.weights[e] as number;
    }
    degrees[u] = d;
  }
  return degrees;
}

/**
 * Throws RangeError for a seed outside the graph.
 *
 * @example assertSeeds(g, trusted, "trusted")
 */
export function assertSeeds(g: Graph, seeds: ArrayLike<number>, name: string): void {
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i] as number;
    if (!Number.isInteger(s) || s < 0 || s >= g.nodeCount) {
      throw new RangeError(`${name} seed ${s} is not a node of the graph (0..${g.nodeCount - 1})`);
    }
  }
}
