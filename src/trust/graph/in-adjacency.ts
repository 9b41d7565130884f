/**
 * The pull form of a random walk's transition matrix: for each node v, the sources u of the edges kept
 * into v (ascending u, so a power iteration reads ranks in address order within a row), and for each u
 * its total kept out-weight. A pull-based iteration writes each rank once and reads its in-neighbours,
 * so it needs no atomic or scattered writes, and it walks `sources` strictly sequentially.
 *
 * Built directly from the CSR graph in O(n + m) with no intermediate edge list (unlike `transpose`), so
 * a 30M-edge graph costs 120 MB of sources (plus 120 MB of weights when weighted) on top of the graph.
 */
import type { Graph } from "./csr.js";

/** Which edges a walk may follow and how it weighs them. */
export interface WalkOptions {
  /** Follow only edges of positive weight (negative edges never carry trust). Default false. */
  readonly positiveOnly?: boolean;
  /**
   * Split a node's walk mass in proportion to edge weight (implies positiveOnly: a negative weight is
   * not a probability). Default false: every kept edge counts 1, parallel edges count once each.
   */
  readonly weighted?: boolean;
}

/** Transposed, filtered CSR of a graph with per-source out-weights. */
export interface InAdjacency {
  readonly nodeCount: number;
  /** Kept edges. */
  readonly edgeCount: number;
  /** Length nodeCount + 1: in-edges of v are offsets[v] .. offsets[v+1]-1. */
  readonly offsets: Uint32Array;
  /** Length edgeCount: the tail u of each in-edge. */
  readonly sources: Uint32Array;
  /** Length edgeCount when weighted: the (positive) weight of each in-edge. */
  readonly weights?: Float32Array;
  /** Length nodeCount: kept out-degree of u, or its total kept out-weight when weighted. */
  readonly outWeight: Float64Array;
}

/**
 * Where to put offsets and sources: given how many 32-bit words they may take (nodeCount + 1 + the
 * graph's edge count: the kept edges are counted into it), an array of that length, or undefined for
 * plain ones. Why: a caller can place the adjacency in memory it owns (the rank kernels' WebAssembly
 * memory, src/trust/rank/wasm-adjacency.ts), so that no second copy of the edges exists. Offsets come
 * first, then sources; words past the kept edges stay unused.
 */
export type AdjacencyStorage = (words: number) => Uint32Array | undefined;

/**
 * Builds the pull form of the walk over `g`, in `storage` when it gives an array.
 *
 * @example
 * const adj = inAdjacency(g, { positiveOnly: true })
 * // adj.sources.subarray(adj.offsets[v], adj.offsets[v + 1]) are v's positive in-neighbours
 */
export function inAdjacency(
  g: Graph,
  options: WalkOptions = {},
  storage?: AdjacencyStorage,
): InAdjacency {
  const weighted = options.weighted ?? false;
  const positiveOnly = weighted || (options.positiveOnly ?? false);
  const { nodeCount } = g;
  // Counted in place and placed with offsets[t] as t's cursor, then shifted down by one slot: no
  // temporary array of n + 1 counts or cursors (8 MB each at 2M nodes), whatever the storage.
  const words = nodeCount + 1 + g.edgeCount;
  const given = storage?.(words);
  if (given !== undefined && given.length !== words) {
    throw new RangeError(`storage gave ${given.length} words, ${words} asked`);
  }
  const offsets = given?.subarray(0, nodeCount + 1).fill(0) ?? new Uint32Array(nodeCount + 1);
  const outWeight = new Float64Array(nodeCount);
  const kept = countKept(g, positiveOnly, weighted, offsets, outWeight);
  prefixSums(offsets);
  const sources = given?.subarray(nodeCount + 1, nodeCount + 1 + kept) ?? new Uint32Array(kept);
  const inWeights = weighted ? new Float32Array(kept) : undefined;
  place(g, positiveOnly, offsets, sources, inWeights);
  // offsets[t] now ends t's in-edges, where t + 1's begin.
  offsets.copyWithin(1, 0, nodeCount);
  offsets[0] = 0;
  const base = { nodeCount, edgeCount: kept, offsets, sources, outWeight };
  return inWeights === undefined ? base : { ...base, weights: inWeights };
}

// The three passes are functions of their own so the engine optimises each with its whole feedback
// (one large function was optimised on the stack in its first loop and fell back to the interpreter
// at the next one on every call).

/** Counts the kept in-edges of t into offsets[t + 1] and sums each u's kept out-weight; → kept edges. */
function countKept(
  g: Graph,
  positiveOnly: boolean,
  weighted: boolean,
  offsets: Uint32Array,
  outWeight: Float64Array,
): number {
  const { nodeCount, offsets: out, targets, weights: w } = g;
  let kept = 0;
  for (let u = 0; u < nodeCount; u++) {
    const end = out[u + 1] as number;
    let sum = 0;
    for (let e = out[u] as number; e < end; e++) {
      const weight = w[e] as number;
      if (positiveOnly && !(weight > 0)) continue;
      const t = targets[e] as number;
      offsets[t + 1] = (offsets[t + 1] as number) + 1;
      sum += weighted ? weight : 1;
      kept++;
    }
    outWeight[u] = sum;
  }
  return kept;
}

/** Running sums in place: counts → where each node's in-edges begin. */
function prefixSums(offsets: Uint32Array): void {
  for (let v = 1; v < offsets.length; v++) {
    offsets[v] = (offsets[v] as number) + (offsets[v - 1] as number);
  }
}

/** Writes each kept edge u → t at t's cursor offsets[t], advancing it (and its weight if asked). */
function place(
  g: Graph,
  positiveOnly: boolean,
  offsets: Uint32Array,
  sources: Uint32Array,
  inWeights: Float32Array | undefined,
): void {
  const { nodeCount, offsets: out, targets, weights: w } = g;
  for (let u = 0; u < nodeCount; u++) {
    const end = out[u + 1] as number;
    for (let e = out[u] as number; e < end; e++) {
      const weight = w[e] as number;
      if (positiveOnly && !(weight > 0)) continue;
      const t = targets[e] as number;
      const at = offsets[t] as number;
      offsets[t] = at + 1;
      sources[at] = u;
      if (inWeights !== undefined) inWeights[at] = weight;
    }
  }
}
