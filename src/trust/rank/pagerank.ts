/**
 * Plain PageRank (Page, Brin, Motwani, Winograd 1999) over a trust graph: the global baseline the
 * evaluation compares trust scores against. Dangling mass restarts uniformly, as networkx, igraph and
 * graphology do, so the three can be checked against this implementation on the same graph.
 */
import type { Graph } from "../graph/csr.js";
import { inAdjacency } from "../graph/in-adjacency.js";
import { provenance, type WithProvenance } from "../result.js";
import { defaultSolverFor } from "./default-solver.js";
import { powerIterate } from "./power-iteration.js";
import { powerWalk } from "./power-walk.js";
import { solveWalk, type WalkSolver } from "./walk-solver.js";
import { WASM_MAX_EDGES } from "./wasm-adjacency.js";

/**
 * 1.1.0: solved by Gauss–Seidel by default (the same fixed point; values within the stated bound).
 * 1.2.0: the power solver checks its L1 change only at planned iterations (power-iteration.ts): the
 * same iterates, but it may stop up to 7 iterations later than 1.1.0, closer to the fixed point, so its
 * values can differ (within 1.1.0's bound). Gauss–Seidel's are unchanged.
 * 1.3.0: with no solver given, an unweighted walk past WASM_MAX_EDGES (2^24) kept edges is solved by
 * the power solver, not Gauss–Seidel (default-solver.ts: the solver with a WebAssembly kernel at that
 * size), and provenance records it: values within the stated bound (errorBound), not bit-identical to
 * 1.2.0's. Up to 2^24 kept edges, weighted walks and an explicit solver: unchanged.
 * 1.4.0: Gauss–Seidel on an unweighted walk with self-loops takes them out of the pull and divides by
 * 1 − a_v (self-loops.ts), so the sweep keeps its WebAssembly kernel: the same equations, solved to the
 * same bound, but rounded differently from 1.3.0 (SNAP Epinions: L1 1.9e-17 apart). Walks without a
 * self-loop and the power solver: unchanged, bit for bit.
 */
export const PAGERANK_VERSION = "1.4.0";

/** PageRank parameters; every one has a default. */
export interface PageRankOptions {
  /** Probability of following an edge. Default 0.85. */
  readonly damping?: number;
  /** Stop when the L1 change between iterates is below this. Default 1e-10. */
  readonly tol?: number;
  /** Iteration cap. Default 1000. */
  readonly maxIter?: number;
  /** Ignore edges of non-positive weight (distrust is not a vote). Default false. */
  readonly positiveOnly?: boolean;
  /** Split a node's vote in proportion to positive edge weight. Default false (every edge counts 1). */
  readonly weighted?: boolean;
  /**
   * How to solve it (walk-solver.ts): "gauss-seidel", whose stop bounds the L1 error by tol, or
   * "power", which stops when an iteration changes the ranks by less than tol. Default: the one with a
   * WebAssembly kernel for the walk's size (default-solver.ts): Gauss–Seidel up to 2^24 kept edges or
   * when weighted, power past it. Provenance records the solver that ran.
   */
  readonly solver?: WalkSolver;
  /** Log size for provenance; defaults to graph.logSize, else the edge count. */
  readonly logSize?: number;
}

/** PageRank of every node (sums to 1) and how the iteration ended. */
export interface PageRankResult extends WithProvenance {
  readonly ranks: Float64Array;
  /** Iterations, or the largest component's sweeps for Gauss–Seidel. */
  readonly iterations: number;
  /** L1 change of the last iteration (of every component's last sweep, for Gauss–Seidel). */
  readonly delta: number;
  /** Upper bound on the L1 distance from `ranks` to the exact PageRank. */
  readonly errorBound: number;
  /** Edges read in all (the work: iterations × edges for the power iteration). */
  readonly edgeReads: number;
  readonly converged: boolean;
}

/**
 * PageRank of every node of `graph`. `gaussSeidelMaxEdges` is where the default solver turns from
 * Gauss–Seidel to power (defaultSolverFor); only tests lower it, to reach the switch on small graphs.
 *
 * @example
 * const { ranks, converged } = pagerank(graph, { damping: 0.85, tol: 1e-10, maxIter: 100, positiveOnly: true })
 */
export function pagerank(
  graph: Graph,
  options: PageRankOptions = {},
  gaussSeidelMaxEdges = WASM_MAX_EDGES,
): PageRankResult {
  const damping = options.damping ?? 0.85;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 1000;
  const positiveOnly = options.positiveOnly ?? false;
  const weighted = options.weighted ?? false;
  const solver =
    options.solver ?? defaultSolverFor(graph, { positiveOnly, weighted }, gaussSeidelMaxEdges);
  // For the power solver, the walk by size (power-walk.ts: pair segments built from the graph past
  // SEGMENT_WALK_MIN_EDGES, else the transposed CSR, in the kernels' memory past WASM_MAX_EDGES); the
  // same values bit for bit either way, so no version change. Gauss–Seidel's sweep stays in
  // JavaScript past WASM_MAX_EDGES (wasm-adjacency.ts says why): plain arrays. The default does not
  // run it there (default-solver.ts); an explicit solver: "gauss-seidel" still does.
  const walkOptions = { positiveOnly, weighted };
  const iteration = { damping, tol, maxIter };
  const { ranks, iterations, delta, errorBound, edgeReads, converged } =
    solver === "power"
      ? powerIterate(powerWalk(graph, walkOptions), iteration)
      : solveWalk(inAdjacency(graph, walkOptions), iteration, solver);
  return {
    ranks,
    iterations,
    delta,
    errorBound,
    edgeReads,
    converged,
    provenance: provenance(
      "pagerank",
      PAGERANK_VERSION,
      { damping, tol, maxIter, positiveOnly, weighted, dangling: "uniform", solver },
      options.logSize ?? graph.logSize ?? graph.edgeCount,
    ),
  };
}
