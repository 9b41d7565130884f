/**
 * Naive dense references for the rank tests: the definitions written as plainly as possible (an n×n
 * transition matrix, a power iteration run far past convergence), with nothing shared with src/trust
 * except the Graph type. Small graphs only.
 */
import fc from "fast-check";
import { buildGraph, type Graph } from "../../../src/trust/graph/csr.js";

/** Dense row-stochastic matrix rows[u][v] of the walk; `null` rows are dangling. */
type Rows = (number[] | null)[];

function walkRows(g: Graph, keep: (w: number) => boolean, weigh: (w: number) => number): Rows {
  const rows: Rows = [];
  for (let u = 0; u < g.nodeCount; u++) {
    const row = new Array<number>(g.nodeCount).fill(0);
    let total = 0;
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const w = g.weights[e] as number;
      if (!keep(w)) continue;
      const v = g.targets[e] as number;
      row[v] = (row[v] as number) + weigh(w);
      total += weigh(w);
    }
    rows.push(total > 0 ? row.map((x) => x / total) : null);
  }
  return rows;
}

/** x ← d·(xP + dangling(x)·r) + (1 − d)·r, 5,000 times. */
function iterate(rows: Rows, damping: number, restart: number[]): number[] {
  const n = rows.length;
  let x = [...restart];
  for (let it = 0; it < 5000; it++) {
    const next = restart.map((r) => (1 - damping) * r);
    for (let u = 0; u < n; u++) {
      const row = rows[u];
      const xu = x[u] as number;
      for (let v = 0; v < n; v++) {
        const step =
          row === null || row === undefined ? (restart[v] as number) : (row[v] as number);
        next[v] = (next[v] as number) + damping * xu * step;
      }
    }
    x = next;
  }
  return x;
}

/** PageRank by its definition: every kept edge counts 1, dangling mass restarts uniformly. */
export function densePageRank(g: Graph, damping: number, positiveOnly: boolean): number[] {
  const rows = walkRows(
    g,
    (w) => !positiveOnly || w > 0,
    () => 1,
  );
  return iterate(rows, damping, new Array(g.nodeCount).fill(1 / g.nodeCount));
}

/**
 * EigenTrust by its definition (Kamvar et al. 2003 §4): s_ij = Σ signed weights i → j,
 * c_ij = max(s_ij, 0)/Σ_j max(s_ij, 0), rows with no positive trust defer to p; t = (1−a)Cᵀt + a·p.
 */
export function denseEigenTrust(g: Graph, seeds: number[], a: number): number[] {
  const n = g.nodeCount;
  const s: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let u = 0; u < n; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const row = s[u] as number[];
      const v = g.targets[e] as number;
      row[v] = (row[v] as number) + (g.weights[e] as number);
    }
  }
  const rows: Rows = s.map((row) => {
    const pos = row.map((x) => Math.max(x, 0));
    const total = pos.reduce((x, y) => x + y, 0);
    return total > 0 ? pos.map((x) => x / total) : null;
  });
  const p = new Array<number>(n).fill(0);
  for (const seed of new Set(seeds)) p[seed] = 1 / new Set(seeds).size;
  return iterate(rows, 1 - a, p);
}

/**
 * Exact personalized PageRank from `source` over positive edges weighted by weight, dangling nodes
 * restarting at the source: ppr = α·e_s + (1 − α)·ppr·P_s.
 */
export function densePpr(g: Graph, source: number, alpha: number): number[] {
  const rows = walkRows(
    g,
    (w) => w > 0,
    (w) => w,
  );
  const e = new Array<number>(g.nodeCount).fill(0);
  e[source] = 1;
  return iterate(rows, 1 - alpha, e);
}

/** Arbitrary small signed multigraphs: parallel edges, self-loops, negative and dangling nodes. */
export const smallGraph = (maxNodes = 12): fc.Arbitrary<Graph> =>
  fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc
      .array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom(-2, -1, 0.5, 1, 1, 2, 3)), {
        maxLength: n * 4,
      })
      .map((edges) =>
        buildGraph(n, {
          count: edges.length,
          sources: Uint32Array.from(edges, (e) => e[0]),
          targets: Uint32Array.from(edges, (e) => e[1]),
          weights: Float32Array.from(edges, (e) => e[2]),
        }),
      ),
  );

/** Arbitrary connected undirected graphs (a ring plus random chords, both directions, weight 1). */
export const symmetricGraph = (maxNodes = 14): fc.Arbitrary<Graph> =>
  fc.integer({ min: 3, max: maxNodes }).chain((n) =>
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }).map((chords) => {
      const pairs: [number, number][] = [];
      for (let u = 0; u < n; u++) pairs.push([u, (u + 1) % n]);
      for (const [u, v] of chords) if (u !== v) pairs.push([u, v]);
      const both = pairs.flatMap(([u, v]) => [
        [u, v],
        [v, u],
      ]);
      return buildGraph(n, {
        count: both.length,
        sources: Uint32Array.from(both, (e) => e[0] as number),
        targets: Uint32Array.from(both, (e) => e[1] as number),
        weights: new Float32Array(both.length).fill(1),
      });
    }),
  );

/** A graph from [from, to, weight] triples. */
export function graphOf(n: number, edges: readonly (readonly [number, number, number])[]): Graph {
  return buildGraph(n, {
    count: edges.length,
    sources: Uint32Array.from(edges, (e) => e[0]),
    targets: Uint32Array.from(edges, (e) => e[1]),
    weights: Float32Array.from(edges, (e) => e[2]),
  });
}

/** A seeded xorshift generator in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
