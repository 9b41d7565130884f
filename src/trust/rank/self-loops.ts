/**
 * Self-loops in a Gauss–Seidel walk. A node u with an edge u → u passes part of its own value back to
 * itself, so its equation x̃_u = r_u + d·Σ_{w→u} x̃_w/out_w has x̃_u on both sides. The solver takes that
 * share a_u = d·(weight of u's self-loops)/out_u to the left and solves for x̃_u exactly:
 * x̃_u = (r_u + d·Σ_{w→u, w≠u} x̃_w/out_w)/(1 − a_u). For the uniform sweep (unit edges, uniform
 * restart) the self-loops are taken out of the pull it reads and 1 − a_u is its divisor, so a walk with
 * a few self-loops keeps the WebAssembly kernel (SNAP's Epinions has 573, which had sent every sweep of
 * it to the JavaScript loop at about 0.6× the speed).
 */
import type { InAdjacency } from "../graph/in-adjacency.js";

/**
 * Whether any in-edge of the pull starts where it ends; stops at the first.
 *
 * @example hasSelfLoop(inAdjacency(graphOf(2, [[0, 0, 1]]))) // true
 */
export function hasSelfLoop(adj: Pick<InAdjacency, "nodeCount" | "offsets" | "sources">): boolean {
  const { offsets, sources } = adj;
  for (let v = 0; v < adj.nodeCount; v++) {
    const end = offsets[v + 1] as number;
    for (let e = offsets[v] as number; e < end; e++) if (sources[e] === v) return true;
  }
  return false;
}

/**
 * a_v = d·(weight of v's self-loops)/out_v per node (summed edge by edge, in edge order), or undefined
 * when the walk has no self-loop.
 *
 * @example selfLoopShares(adj, invOut, 0.85) // Float64Array with 0.85/out_v where v → v
 */
export function selfLoopShares(
  adj: InAdjacency,
  invOut: Float64Array,
  damping: number,
): Float64Array | undefined {
  const { offsets, sources, weights } = adj;
  let shares: Float64Array | undefined;
  for (let v = 0; v < adj.nodeCount; v++) {
    const end = offsets[v + 1] as number;
    for (let e = offsets[v] as number; e < end; e++) {
      if (sources[e] !== v) continue;
      shares ??= new Float64Array(adj.nodeCount);
      const w = weights === undefined ? 1 : (weights[e] as number);
      shares[v] = (shares[v] as number) + damping * w * (invOut[v] as number);
    }
  }
  return shares;
}

/**
 * Removes every in-edge v → v from a pull's offsets and sources, in place (a write never passes the
 * read it follows), keeping the other edges in their order; returns the edges kept. Words past them in
 * `sources` are left as they were.
 *
 * @example const kept = dropSelfLoops(offsets, sources, n) // offsets[n] === kept
 */
export function dropSelfLoops(offsets: Uint32Array, sources: Uint32Array, n: number): number {
  let kept = 0;
  let start = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    offsets[v] = kept;
    for (let e = start; e < end; e++) {
      const u = sources[e] as number;
      if (u !== v) sources[kept++] = u;
    }
    start = end;
  }
  offsets[n] = kept;
  return kept;
}
