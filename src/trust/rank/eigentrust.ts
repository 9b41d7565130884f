/**
 * EigenTrust (Kamvar, Schlosser, Garcia-Molina, WWW 2003), the global trust of every member as seen from a
 * set of pre-trusted seeds: t ← (1 − a)·Cᵀt + a·p (§4.5, Algorithm 3), where
 * - local trust s_ij is the sum of i's signed edges to j (sat − unsat, §4.1), parallel edges merged;
 * - C normalises max(s_ij, 0) per row (§4.2): distrust never propagates;
 * - p is uniform on the seeds; a member who trusts nobody defers to p (§4.5), as does the restart a.
 * Solved by Gauss–Seidel (stops when the L1 error bound is below `tol`) or by the power iteration of
 * Algorithm 3 (stops when the L1 change falls below `tol`): the same fixed point, see walk-solver.ts.
 */
import { coalesce } from "../graph/coalesce.js";
import type { Graph } from "../graph/csr.js";
import { inAdjacency } from "../graph/in-adjacency.js";
import { provenance, type WithProvenance } from "../result.js";
import { solveWalk, type WalkSolver } from "./walk-solver.js";

/**
 * 1.1.0: solved by Gauss–Seidel by default (the same fixed point; values within the stated bound).
 * 1.2.0: the power solver checks its L1 change only at planned iterations (power-iteration.ts): the
 * same iterates, but it may stop up to 7 iterations later than 1.1.0, closer to the fixed point, so its
 * values can differ (within 1.1.0's bound). Gauss–Seidel's are unchanged.
 */
export const EIGENTRUST_VERSION = "1.2.0";

/** EigenTrust parameters. */
export interface EigenTrustOptions {
  /** Pre-trusted members (node numbers); must be non-empty. Duplicates count once. */
  readonly seeds: ArrayLike<number>;
  /** Restart probability a toward the seeds (EigenTrust's `a`). Default 0.15. */
  readonly restart?: number;
  /** Stop when the L1 change between iterates is below this. Default 1e-10. */
  readonly tol?: number;
  /** Iteration cap (per component for Gauss–Seidel). Default 1000. */
  readonly maxIter?: number;
  /**
   * Default "gauss-seidel" at every size; "power" for Algorithm 3 as written. Unlike pagerank()'s
   * default (default-solver.ts: the solver with a WebAssembly kernel for the size), nothing to switch:
   * the walk here is weighted (local trust, §4.2), which neither solver runs in WebAssembly, so
   * Gauss–Seidel's fewer edge reads decide at any size.
   */
  readonly solver?: WalkSolver;
  /** Log size for provenance; defaults to graph.logSize, else the edge count. */
  readonly logSize?: number;
}

/** Global trust of every node (sums to 1) and how the iteration ended. */
export interface EigenTrustResult extends WithProvenance {
  readonly trust: Float64Array;
  readonly iterations: number;
  readonly delta: number;
  /** Upper bound on the L1 distance from `trust` to the exact fixed point. */
  readonly errorBound: number;
  /** Edges read in all. */
  readonly edgeReads: number;
  readonly converged: boolean;
}

/**
 * EigenTrust scores from pre-trusted seeds.
 *
 * @example
 * const { trust } = eigenTrust(graph, { seeds: [ids.intern("founder")], restart: 0.15 })
 */
export function eigenTrust(graph: Graph, options: EigenTrustOptions): EigenTrustResult {
  const restart = options.restart ?? 0.15;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 1000;
  const solver = options.solver ?? "gauss-seidel";
  const seeds = distinctSeeds(options.seeds, graph.nodeCount);
  if (!(restart > 0 && restart <= 1))
    throw new RangeError(`restart must be in (0, 1], got ${restart}`);
  const localTrust = inAdjacency(coalesce(graph), { weighted: true });
  const p = seedDistribution(seeds, graph.nodeCount);
  const result = solveWalk(localTrust, { damping: 1 - restart, tol, maxIter, restart: p }, solver);
  return {
    trust: result.ranks,
    iterations: result.iterations,
    delta: result.delta,
    errorBound: result.errorBound,
    edgeReads: result.edgeReads,
    converged: result.converged,
    provenance: provenance(
      "eigentrust",
      EIGENTRUST_VERSION,
      { seeds, restart, tol, maxIter, solver },
      options.logSize ?? graph.logSize ?? graph.edgeCount,
    ),
  };
}

/** The seeds, sorted and without duplicates; throws RangeError when empty or out of range. */
function distinctSeeds(seeds: ArrayLike<number>, nodeCount: number): number[] {
  const distinct = [...new Set(Array.from(seeds))].sort((a, b) => a - b);
  if (distinct.length === 0) throw new RangeError("EigenTrust needs at least one pre-trusted seed");
  for (const s of distinct) {
    if (!Number.isInteger(s) || s < 0 || s >= nodeCount) {
      throw new RangeError(`seed ${s} is not a node of a ${nodeCount}-node graph`);
    }
  }
  return distinct;
}

function seedDistribution(seeds: readonly number[], nodeCount: number): Float64Array {
  const p = new Float64Array(nodeCount);
  for (const s of seeds) p[s] = 1 / seeds.length;
  return p;
}
