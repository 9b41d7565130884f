/**
 * The choice of solver for a whole-graph walk (PageRank, EigenTrust). Both compute the same fixed point
 * (power-iteration.ts states it); they differ in how many passes over the edges they need and in what
 * their stopping rule guarantees, and the result says which one ran and how far from the exact fixed
 * point it may be.
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import { gaussSeidelRank } from "./gauss-seidel.js";
import {
  type PowerIterationOptions,
  type PowerIterationResult,
  powerIterate,
} from "./power-iteration.js";

/**
 * "gauss-seidel": component by component, stops when its error bound is below tol (gauss-seidel.ts);
 * "power": the power iteration, stops when an iteration changes the ranks by less than tol in L1.
 */
export type WalkSolver = "gauss-seidel" | "power";

export const WALK_SOLVERS: readonly WalkSolver[] = ["gauss-seidel", "power"];

/**
 * Solves the walk with the named solver.
 *
 * @example
 * const { ranks, errorBound } = solveWalk(inAdjacency(g), { damping: 0.85, tol: 1e-10, maxIter: 1000 }, "gauss-seidel")
 */
export function solveWalk(
  adj: InAdjacency,
  options: PowerIterationOptions,
  solver: WalkSolver,
): PowerIterationResult {
  if (solver === "power") return powerIterate(adj, options);
  if (solver === "gauss-seidel") return gaussSeidelRank(adj, options);
  throw new RangeError(`unknown solver ${String(solver)}: one of ${WALK_SOLVERS.join(", ")}`);
}
