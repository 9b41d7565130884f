/**
 * The power iteration shared by PageRank and EigenTrust: x ← d·Pᵀx + (d·dangling(x) + 1 − d)·r, where P
 * is the row-normalised walk of an InAdjacency, r the restart distribution (uniform or given) and
 * dangling(x) the mass on nodes with nothing to follow, which restarts (the convention of networkx, igraph
 * and EigenTrust §4.5, so the result is a probability distribution for any graph).
 *
 * Why it is fast: pull-based over the transposed CSR (each rank is written once, `sources` is read
 * sequentially), with y = x/outWeight precomputed so the edge loop is one index load and one random
 * Float64 load per edge; the next iteration's y and the L1 change are computed in the same pass as the
 * ranks; the dangling mass is summed over a precomputed list (no branch in the hot loop); uniform and
 * given restarts have separate loops; every buffer is allocated before the loop. Asked for, the
 * unweighted pull is cache-blocked by source segment instead (layout "segments", segmented-pull.ts).
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import { inSum } from "./in-sum.js";
import { segmentedPull, segmentIn } from "./segmented-pull.js";

/**
 * How the pull reads the in-edges: row by row, or by source segment (segmented-pull.ts). Segments pay
 * off once the rank vector is well past L2: 2.0–2.3× the row pull at 2M nodes and 30M edges, but
 * 0.5–0.8× on Epinions and the 3M-edge graph (docs/benchmarks.md, session 4). They hold 4 bytes per
 * edge besides the transposed CSR, which took the power solver's peak at 30M edges from 546 to 650 MiB,
 * past the 600 MB; so they are asked for, not chosen by size.
 */
export type PullLayout = "rows" | "segments";

/** Parameters of a power iteration. */
export interface PowerIterationOptions {
  /** Probability of following an edge (1 − restart probability), in [0, 1). */
  readonly damping: number;
  /** Stop when the L1 change between successive iterates falls below this. */
  readonly tol: number;
  /** Stop after this many iterations even if not converged. */
  readonly maxIter: number;
  /** Restart distribution (non-negative, sums to 1); uniform when absent. */
  readonly restart?: Float64Array;
  /**
   * Power iteration only: the pull's layout, default "rows"; weighted walks always use "rows". Same
   * fixed point either way.
   */
  readonly layout?: PullLayout;
}

/** The iterate at which the iteration stopped. */
export interface PowerIterationResult {
  /** A probability distribution over nodes. */
  readonly ranks: Float64Array;
  readonly iterations: number;
  /** L1 change of the last iteration. */
  readonly delta: number;
  /**
   * Upper bound on the L1 distance from `ranks` to the exact fixed point: d/(1 − d)·delta for a power
   * iteration (the step is a d-contraction in L1 on distributions).
   */
  readonly errorBound: number;
  /** Edges read in all: edgeCount per iteration. */
  readonly edgeReads: number;
  readonly converged: boolean;
  /** Power iteration only: the layout the pull used. */
  readonly layout?: PullLayout;
}

/**
 * Runs the power iteration from the restart distribution.
 *
 * @example
 * const { ranks, converged } = powerIterate(inAdjacency(g), { damping: 0.85, tol: 1e-10, maxIter: 1000 })
 */
export function powerIterate(
  adj: InAdjacency,
  options: PowerIterationOptions,
): PowerIterationResult {
  const n = adj.nodeCount;
  assertIterationOptions(options, n);
  if (n === 0) {
    return {
      ranks: new Float64Array(0),
      iterations: 0,
      delta: 0,
      errorBound: 0,
      edgeReads: 0,
      converged: true,
    };
  }
  const { damping, tol, maxIter, restart } = options;
  const invOut = new Float64Array(n);
  let danglingCount = 0;
  for (let u = 0; u < n; u++) {
    const w = adj.outWeight[u] as number;
    invOut[u] = w > 0 ? 1 / w : 0;
    if (!(w > 0)) danglingCount++;
  }
  const danglingNodes = new Uint32Array(danglingCount);
  for (let u = 0, i = 0; u < n; u++) if (invOut[u] === 0) danglingNodes[i++] = u;
  let x = restart === undefined ? new Float64Array(n).fill(1 / n) : Float64Array.from(restart);
  let next = new Float64Array(n);
  let y = new Float64Array(n);
  let nextY = new Float64Array(n);
  for (let u = 0; u < n; u++) y[u] = (x[u] as number) * (invOut[u] as number);
  const stats = new Float64Array(1); // the L1 change, written by a step: no object per iteration
  const layout = pullLayout(adj, options.layout);
  const segmented = layout === "segments" ? segmentIn(adj.offsets, adj.sources, n) : undefined;
  let iterations = 0;
  let delta = Number.POSITIVE_INFINITY;
  while (iterations < maxIter) {
    const dangling = massOn(danglingNodes, x);
    if (segmented !== undefined) {
      segmentedPull(segmented, y, next);
      finishPulled(
        x,
        next,
        nextY,
        invOut,
        restart,
        damping,
        damping * dangling + (1 - damping),
        stats,
      );
    } else if (adj.weights === undefined) {
      stepUnweighted(
        adj.offsets,
        adj.sources,
        x,
        y,
        next,
        nextY,
        invOut,
        restart,
        damping,
        dangling,
        stats,
      );
    } else {
      stepWeighted(adj, x, y, next, nextY, invOut, restart, damping, dangling, stats);
    }
    const previous = x;
    x = next;
    next = previous;
    const previousY = y;
    y = nextY;
    nextY = previousY;
    delta = stats[0] as number;
    iterations++;
    if (delta < tol) break;
  }
  return {
    ranks: x,
    iterations,
    delta,
    errorBound: iterations === 0 ? 2 : (damping / (1 - damping)) * delta,
    edgeReads: iterations * adj.edgeCount,
    converged: delta < tol,
    layout,
  };
}

function pullLayout(adj: InAdjacency, asked: PullLayout | undefined): PullLayout {
  if (asked !== undefined && asked !== "rows" && asked !== "segments") {
    throw new RangeError(`layout must be "rows" or "segments", got ${String(asked)}`);
  }
  if (adj.weights !== undefined) return "rows";
  return asked ?? "rows";
}

/**
 * The rest of an unweighted step once `next` holds every node's pull (segmentedPull): the damping, the
 * restart, the L1 change and the next y. Uniform and given restarts in separate loops.
 */
function finishPulled(
  x: Float64Array,
  next: Float64Array,
  nextY: Float64Array,
  invOut: Float64Array,
  restart: Float64Array | undefined,
  damping: number,
  base: number,
  stats: Float64Array,
): void {
  const n = x.length;
  let delta = 0;
  if (restart === undefined) {
    const uniform = base / n;
    for (let v = 0; v < n; v++) {
      const xv = damping * (next[v] as number) + uniform;
      delta += Math.abs(xv - (x[v] as number));
      next[v] = xv;
      nextY[v] = xv * (invOut[v] as number);
    }
  } else {
    for (let v = 0; v < n; v++) {
      const xv = damping * (next[v] as number) + base * (restart[v] as number);
      delta += Math.abs(xv - (x[v] as number));
      next[v] = xv;
      nextY[v] = xv * (invOut[v] as number);
    }
  }
  stats[0] = delta;
}

/** Σ x over the given nodes: the walk mass with nowhere to go, which restarts. */
function massOn(nodes: Uint32Array, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < nodes.length; i++) sum += x[nodes[i] as number] as number;
  return sum;
}

/** One iteration where every kept edge counts 1 (PageRank). Kept monomorphic for the JIT. */
function stepUnweighted(
  offsets: Uint32Array,
  sources: Uint32Array,
  x: Float64Array,
  y: Float64Array,
  next: Float64Array,
  nextY: Float64Array,
  invOut: Float64Array,
  restart: Float64Array | undefined,
  damping: number,
  dangling: number,
  stats: Float64Array,
): void {
  const n = x.length;
  const base = damping * dangling + (1 - damping);
  if (restart !== undefined) {
    stepUnweightedRestart(
      offsets,
      sources,
      x,
      y,
      next,
      nextY,
      invOut,
      restart,
      damping,
      base,
      stats,
    );
    return;
  }
  const uniform = base / n;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    const sum = inSum(sources, y, e, end);
    e = end;
    const xv = damping * sum + uniform;
    delta += Math.abs(xv - (x[v] as number));
    next[v] = xv;
    nextY[v] = xv * (invOut[v] as number);
  }
  stats[0] = delta;
}

function stepUnweightedRestart(
  offsets: Uint32Array,
  sources: Uint32Array,
  x: Float64Array,
  y: Float64Array,
  next: Float64Array,
  nextY: Float64Array,
  invOut: Float64Array,
  restart: Float64Array,
  damping: number,
  base: number,
  stats: Float64Array,
): void {
  const n = x.length;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    const sum = inSum(sources, y, e, end);
    e = end;
    const xv = damping * sum + base * (restart[v] as number);
    delta += Math.abs(xv - (x[v] as number));
    next[v] = xv;
    nextY[v] = xv * (invOut[v] as number);
  }
  stats[0] = delta;
}

/** One iteration where walk mass splits in proportion to edge weight (EigenTrust's normalised trust). */
function stepWeighted(
  adj: InAdjacency,
  x: Float64Array,
  y: Float64Array,
  next: Float64Array,
  nextY: Float64Array,
  invOut: Float64Array,
  restart: Float64Array | undefined,
  damping: number,
  dangling: number,
  stats: Float64Array,
): void {
  const { offsets, sources } = adj;
  const weights = adj.weights as Float32Array;
  const n = x.length;
  const base = damping * dangling + (1 - damping);
  const uniform = base / n;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    let sum = 0;
    for (; e < end; e++) sum += (weights[e] as number) * (y[sources[e] as number] as number);
    const xv = damping * sum + (restart === undefined ? uniform : base * (restart[v] as number));
    delta += Math.abs(xv - (x[v] as number));
    next[v] = xv;
    nextY[v] = xv * (invOut[v] as number);
  }
  stats[0] = delta;
}

/** Throws RangeError for options no iteration can run with (shared with gauss-seidel.ts). */
export function assertIterationOptions(options: PowerIterationOptions, n: number): void {
  const { damping, tol, maxIter, restart } = options;
  if (!(damping >= 0 && damping < 1))
    throw new RangeError(`damping must be in [0, 1), got ${damping}`);
  if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0, got ${tol}`);
  if (!Number.isSafeInteger(maxIter) || maxIter < 0) {
    throw new RangeError(`maxIter must be a non-negative integer, got ${maxIter}`);
  }
  if (restart !== undefined && restart.length !== n) {
    throw new RangeError(`restart has length ${restart.length}, the graph ${n} nodes`);
  }
}
