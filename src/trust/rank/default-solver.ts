/**
 * The solver pagerank() uses when none is asked for: the one with a compiled (WebAssembly) kernel for
 * the walk's size, Gauss–Seidel when both have one or neither does.
 *
 * Why. Both solve for the same fixed point (walk-solver.ts). Where both run in WebAssembly, Gauss–Seidel
 * reads far fewer edges: on Epinions (841k edges) 29.6 edge reads per edge against the power
 * iteration's 113, 116 ms against 214 ms per call. But its sweep has no kernel past WASM_MAX_EDGES
 * kept edges (wasm-adjacency.ts: in the kernels' memory its peak at 30M edges passed the issue's
 * 600 MB), and its JavaScript loop loses that advantage: on the synthetic 30M-edge graph the
 * Gauss–Seidel call took 11.8 s (41M edges/s per core, slower than igraph's 8.9 s) against the power
 * solver's 1.92 s (259M edges/s for the whole call; pair segments in WebAssembly, power-walk.ts).
 * Measured 2026-11-30 on the 2-core dev machine with `npx tsx bench/trust.ts --no-heavy-peers`.
 * A weighted walk has no kernel in either solver (both pull weights in JavaScript), so Gauss–Seidel
 * and its fewer reads stay the choice at every size.
 *
 * The choice depends on the inputs only (kept edges, weighted), not on whether WebAssembly could be
 * instantiated, so the same graph and options give the same solver, hence the same ranks, anywhere.
 */
import type { Graph } from "../graph/csr.js";
import type { WalkOptions } from "../graph/in-adjacency.js";
import type { WalkSolver } from "./walk-solver.js";
import { WASM_MAX_EDGES } from "./wasm-adjacency.js";

/**
 * The default solver for a walk over `keptEdges` edges: "power" when unweighted and past
 * `gaussSeidelMaxEdges` (Gauss–Seidel's kernel limit), else "gauss-seidel".
 *
 * @example defaultSolver(30_000_000, false) // "power"
 * @example defaultSolver(841_372, false) // "gauss-seidel"
 */
export function defaultSolver(
  keptEdges: number,
  weighted: boolean,
  gaussSeidelMaxEdges = WASM_MAX_EDGES,
): WalkSolver {
  return !weighted && keptEdges > gaussSeidelMaxEdges ? "power" : "gauss-seidel";
}

/**
 * The default solver for the walk over `g` with `options` (defaultSolver of its kept edges). The kept
 * edges are counted only when it matters: positiveOnly, unweighted and more than `gaussSeidelMaxEdges`
 * edges in all. Why count: Gauss–Seidel's kernel limit is on kept edges (gauss-seidel.ts), so a graph
 * past the limit whose positive edges are within it keeps its Gauss–Seidel kernel. The count stops once
 * past the limit: about 37 ms of CPU on 30M edges, 85 % positive at random (2 % of the power call it
 * then selects).
 *
 * @example const solver = defaultSolverFor(graph, { positiveOnly: true })
 */
export function defaultSolverFor(
  g: Graph,
  options: WalkOptions = {},
  gaussSeidelMaxEdges = WASM_MAX_EDGES,
): WalkSolver {
  const weighted = options.weighted ?? false;
  if (weighted || g.edgeCount <= gaussSeidelMaxEdges) return "gauss-seidel";
  const kept =
    options.positiveOnly === true
      ? positiveEdgeCount(g.weights, g.edgeCount, gaussSeidelMaxEdges)
      : g.edgeCount;
  return defaultSolver(kept, weighted, gaussSeidelMaxEdges);
}

/** Edges counted between checks of the limit. */
const COUNT_BLOCK = 65_536;

/**
 * How many of the first `count` weights are positive (the edges inAdjacency keeps with positiveOnly:
 * `w > 0`, so NaN is not kept), counted only until it is decided whether they are more than `limit`:
 * exact when at most `limit`, else some number above it.
 */
function positiveEdgeCount(weights: Float32Array, count: number, limit: number): number {
  let kept = 0;
  for (let start = 0; start < count; start += COUNT_BLOCK) {
    const end = Math.min(count, start + COUNT_BLOCK);
    // `+(w > 0)`, not `if` or `?:`: 37 ms instead of 51-62 ms of CPU on 30M mixed-sign edges (Node 20).
    for (let e = start; e < end; e++) kept += +((weights[e] as number) > 0);
    if (kept > limit) return kept;
  }
  return kept;
}
