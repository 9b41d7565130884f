/**
 * Plain PageRank (Page, Brin, Motwani, Winograd 1999) over a trust graph: the global baseline the
 * evaluation compares trust scores against. Dangling mass restarts uniformly, as networkx, igraph and
 * graphology do, so the three can be checked against this implementation on the same graph.
 */
import type { Graph } from "../graph/csr.js";
import { inAdjacency } from "../graph/in-adjacency.js";
import { provenance, type WithProvenance } from "../result.js";
import { powerIterate } from "./power-iteration.js";
import { powerWalk } from "./power-walk.js";
import { solveWalk, type WalkSolver } from "./walk-solver.js";

/**
 * 1.1.0: solved by Gauss–Seidel by default (the same fixed point; values within the stated bound).
 * 1.2.0: the power solver checks its L1 change only at planned iterations (power-iteration.ts): the
 * same iterates, but it may stop up to 7 iterations later than 1.1.0, closer to the fixed point, so its
 * values can differ (within 1.1.0's bound). Gauss–Seidel's are unchanged.
 */
export const PAGERANK_VERSION = "1.2.0";

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
   * How to solve it (walk-solver.ts). Default "gauss-seidel", whose stop bounds the L1 error by tol;
   * "power" stops when an iteration changes the ranks by less than tol.
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
 * PageRank of every node of `graph`.
 *
 * @example
 * const { ranks, converged } = pagerank(graph, { damping: 0.85, tol: 1e-10, maxIter: 100, positiveOnly: true })
 */
export function pagerank(graph: Graph, options: PageRankOptions = {}): PageRankResult {
  const damping = options.damping ?? 0.85;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 1000;
  const positiveOnly = options.positiveOnly ?? false;
  const weighted = options.weighted ?? false;
  const solver = options.solver ?? "gauss-seidel";
  // For the power solver, the walk by size (power-walk.ts: pair segments built from the graph past
  // SEGMENT_WALK_MIN_EDGES, else the transposed CSR, in the kernels' memory past WASM_MAX_EDGES); the
  // same values bit for bit either way, so no version change. Gauss–Seidel's sweep stays in
  // JavaScript past WASM_MAX_EDGES (wasm-adjacency.ts says why): plain arrays.
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
