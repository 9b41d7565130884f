/**
 * Compressed sparse row (CSR) graphs: the one graph representation of src/trust. Nodes are dense
 * integers 0..n-1; the out-edges of node u are positions offsets[u] .. offsets[u+1]-1 of `targets` and
 * `weights`. Typed arrays keep a 30M-edge graph in ~250 MB and let power iterations stream memory.
 */

/** A directed graph with signed, weighted edges, in CSR form. */
export interface Graph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Length nodeCount + 1; offsets[nodeCount] === edgeCount. */
  readonly offsets: Uint32Array;
  /** Length edgeCount: the head of each edge. */
  readonly targets: Uint32Array;
  /** Length edgeCount: the edge's signed weight (a rating, a trust level, +1/-1). */
  readonly weights: Float32Array;
  /** Length edgeCount when present: the edge's time (seconds or ms since the epoch, as given). */
  readonly times?: Float64Array;
  /** Length edgeCount when present: the edge's kind, as coded by the builder (see edge-kind.ts). */
  readonly kinds?: Uint8Array;
  /** When known, the number of log entries the graph was built from (recorded in score provenance). */
  readonly logSize?: number;
}

/** Edges as parallel arrays (the order of input events); `count` may be less than the arrays' lengths. */
export interface EdgeList {
  readonly count: number;
  readonly sources: Uint32Array;
  readonly targets: Uint32Array;
  readonly weights: Float32Array;
  readonly times?: Float64Array;
  readonly kinds?: Uint8Array;
}

/**
 * Builds a CSR graph in O(n + m) by counting sort on the source; edges of one source keep their input
 * order. Throws RangeError for a node id ≥ nodeCount.
 *
 * @example
 * const g = buildGraph(3, { count: 2, sources: Uint32Array.of(0, 1), targets: Uint32Array.of(1, 2),
 *   weights: Float32Array.of(1, -1) })
 */
export function buildGraph(nodeCount: number, edges: EdgeList): Graph {
  const { count } = edges;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < count; e++) {
    const s = edges.sources[e] as number;
    const t = edges.targets[e] as number;
    if (s >= nodeCount || t >= nodeCount) {
      throw new RangeError(`edge ${e} (${s} → ${t}) names a node outside 0..${nodeCount - 1}`);
    }
    offsets[s + 1] = (offsets[s + 1] as number) + 1;
  }
  for (let u = 0; u < nodeCount; u++)
    offsets[u + 1] = (offsets[u + 1] as number) + (offsets[u] as number);
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(count);
  const weights = new Float32Array(count);
  const times = edges.times === undefined ? undefined : new Float64Array(count);
  const kinds = edges.kinds === undefined ? undefined : new Uint8Array(count);
  for (let e = 0; e < count; e++) {
    const s = edges.sources[e] as number;
    const at = cursor[s] as number;
    cursor[s] = at + 1;
    targets[at] = edges.targets[e] as number;
    weights[at] = edges.weights[e] as number;
    if (times !== undefined) times[at] = (edges.times as Float64Array)[e] as number;
    if (kinds !== undefined) kinds[at] = (edges.kinds as Uint8Array)[e] as number;
  }
  return {
    nodeCount,
    edgeCount: count,
    offsets,
    targets,
    weights,
    ...(times === undefined ? {} : { times }),
    ...(kinds === undefined ? {} : { kinds }),
  };
}

/**
 * The graph with every edge reversed (in-edges become out-edges), in O(n + m).
 *
 * @example const incoming = transpose(g) // incoming.targets lists raters of each node
 */
export function transpose(g: Graph): Graph {
  const sources = new Uint32Array(g.edgeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    sources.fill(u, g.offsets[u] as number, g.offsets[u + 1] as number);
  }
  const reversed: EdgeList = {
    count: g.edgeCount,
    sources: g.targets,
    targets: sources,
    weights: g.weights,
    ...(g.times === undefined ? {} : { times: g.times }),
    ...(g.kinds === undefined ? {} : { kinds: g.kinds }),
  };
  const built = buildGraph(g.nodeCount, reversed);
  return g.logSize === undefined ? built : { ...built, logSize: g.logSize };
}

/**
 * The out-degree of node u.
 *
 * @example outDegree(g, 0) // g.offsets[1] - g.offsets[0]
 */
export function outDegree(g: Graph, u: number): number {
  return (g.offsets[u + 1] as number) - (g.offsets[u] as number);
}
