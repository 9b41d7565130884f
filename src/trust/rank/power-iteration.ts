/**
 * The power iteration shared by PageRank and EigenTrust: x ← d·Pᵀx + (d·dangling(x) + 1 − d)·r, where P
 * is the row-normalised walk of an InAdjacency, r the restart distribution (uniform or given) and
 * dangling(x) the mass on nodes with nothing to follow, which restarts (the convention of networkx, igraph
 * and EigenTrust §4.5, so the result is a probability distribution for any graph).
 *
 * Why it is fast: pull-based over the transposed CSR (each rank is written once, `sources` is read
 * sequentially), with y = x/outWeight precomputed so the edge loop is one index load and one random
 * Float64 load per edge; the next iteration's y is computed in the same pass as the ranks, and between
 * planned checks of the L1 change (scheduleCheck) y alone carries the iterate, so most iterations read
 * the offsets and write y and nothing else per node (Epinions: 0.91× the CPU of checking every
 * iteration, same iterates, same stop); the dangling mass is summed over a precomputed list (no branch
 * in the hot loop); uniform and given restarts have separate loops; every buffer is allocated before
 * the loop. The unweighted row pull runs in WebAssembly (wasm-pull.ts; same iterates bit for bit, about
 * 2× the edges per second) over an adjacency in its memory or up to WASM_MAX_EDGES, else in JavaScript.
 * Given a SegmentWalk
 * (segment-walk.ts, built from the graph without the transposed CSR; pagerank() does past
 * SEGMENT_WALK_MIN_EDGES, power-walk.ts), the pull is cache-blocked by source segment with the row
 * pull's two accumulators per node, so the ranks are the row pull's bit for bit.
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import {
  CHECK,
  KEEP,
  type Mode,
  PASS,
  stepRestart,
  stepUniform,
  stepWeighted,
} from "./power-step.js";
import type { SegmentWalk } from "./segment-walk.js";
import { WASM_MAX_EDGES } from "./wasm-adjacency.js";
import { residentRows, wasmRows } from "./wasm-pull.js";

/**
 * The row pull runs in WebAssembly (wasm-pull.ts) over an adjacency built in the kernels' memory
 * (walkAdjacency, wasm-adjacency.ts: pagerank() builds its walk so past WASM_MAX_EDGES), or else over
 * a copy of it up to WASM_MAX_EDGES (64 MiB of sources at most; at 30M edges a copy would hold a second
 * 120 MB and break the issue's 600 MB), in JavaScript otherwise.
 */
export { WASM_MAX_EDGES } from "./wasm-adjacency.js";

/**
 * How the pull read the in-edges: row by row over the transposed CSR, or by source segment over a
 * SegmentWalk (segment-walk.ts, with the rows' two accumulators per node: the same ranks bit for bit).
 * The segments are chosen by powerWalk (power-walk.ts) by size, never by an option: the older opt-in
 * `layout: "segments"` over the transposed CSR, whose one accumulator rounded differently from the
 * rows (L1 ~1e-16), was retired once the walk gave the rows' sums faster and in less memory.
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
   * Run the unweighted inner loop (the power iteration's row pull, Gauss–Seidel's uniform
   * sweep) in WebAssembly where available and, for the row pull and the sweep, the walk has at most
   * WASM_MAX_EDGES edges or was built by walkAdjacency (default true). Bit for bit the same values as
   * the JavaScript loops.
   */
  readonly wasm?: boolean;
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
  /** Power iteration only: the form the pull read (by the walk it was given). */
  readonly layout?: PullLayout;
  /** Whether the inner loop (pull or sweep) ran in WebAssembly or JavaScript. */
  readonly kernel?: "wasm" | "js";
}

/**
 * Runs the power iteration from the restart distribution, over the pull form of a walk
 * (in-adjacency.ts) or over its pair segments built from the graph (segment-walk.ts: WebAssembly only,
 * so `layout` and `wasm` do not apply; the same ranks as the row pull, bit for bit).
 *
 * @example
 * const { ranks, converged } = powerIterate(inAdjacency(g), { damping: 0.85, tol: 1e-10, maxIter: 1000 })
 */
export function powerIterate(
  adj: InAdjacency | SegmentWalk,
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
  if ("kind" in adj) return iterateSegmentWalk(adj, options);
  const { damping, tol, maxIter, restart } = options;
  const inWasm =
    adj.weights === undefined && (options.wasm ?? true)
      ? (residentRows(adj, restart !== undefined) ??
        (adj.edgeCount <= WASM_MAX_EDGES
          ? wasmRows(adj.offsets, adj.sources, n, restart !== undefined)
          : undefined))
      : undefined;
  // y = x·scale: x/outWeight where a node has out-edges, x itself where it has none (a dangling node is
  // never read by the pull, so its y slot carries its rank, and the dangling mass is summed from y).
  const scale = inWasm?.scale ?? new Float64Array(n);
  let danglingCount = 0;
  for (let u = 0; u < n; u++) {
    const w = adj.outWeight[u] as number;
    scale[u] = w > 0 ? 1 / w : 1;
    if (!(w > 0)) danglingCount++;
  }
  const danglingNodes = new Uint32Array(danglingCount);
  for (let u = 0, i = 0; u < n; u++)
    if (!((adj.outWeight[u] as number) > 0)) danglingNodes[i++] = u;
  const x = inWasm?.x ?? new Float64Array(n);
  if (restart === undefined) x.fill(1 / n);
  else x.set(restart);
  inWasm?.restart?.set(restart as Float64Array);
  let y = inWasm?.y ?? new Float64Array(n);
  let nextY = inWasm?.nextY ?? new Float64Array(n);
  let yAt = inWasm?.at.y ?? 0;
  let nextYAt = inWasm?.at.nextY ?? 0;
  for (let u = 0; u < n; u++) y[u] = (x[u] as number) * (scale[u] as number);
  const stats = new Float64Array(1); // the L1 change, written by a check: no object per iteration
  const schedule = { next: 1, lastAt: 0, lastDelta: Number.POSITIVE_INFINITY };
  let iterations = 0;
  let delta = Number.POSITIVE_INFINITY;
  while (iterations < maxIter) {
    const base = damping * massOn(danglingNodes, y) + (1 - damping);
    const done = iterations + 1;
    const mode = modeOf(schedule, done, maxIter);
    if (inWasm !== undefined) {
      const { at } = inWasm;
      stats[0] = inWasm.pull(
        at.offsets,
        at.sources,
        yAt,
        nextYAt,
        at.scale,
        at.x,
        at.restart,
        n,
        mode,
        damping,
        base / n,
        base,
      );
      const previousAt = yAt;
      yAt = nextYAt;
      nextYAt = previousAt;
    } else if (adj.weights === undefined) {
      if (restart === undefined) {
        stepUniform(adj.offsets, adj.sources, y, nextY, scale, x, damping, base / n, mode, stats);
      } else {
        stepRestart(
          adj.offsets,
          adj.sources,
          y,
          nextY,
          scale,
          x,
          restart,
          damping,
          base,
          mode,
          stats,
        );
      }
    } else {
      stepWeighted(adj, y, nextY, scale, x, restart, damping, base, mode, stats);
    }
    const previousY = y;
    y = nextY;
    nextY = previousY;
    iterations = done;
    if (mode !== CHECK) continue;
    delta = stats[0] as number;
    if (delta < tol) break;
    scheduleCheck(schedule, iterations, delta, tol);
  }
  return {
    // Out of the module's memory, so that it can be collected.
    ranks: inWasm === undefined ? x : x.slice(),
    iterations,
    delta,
    errorBound: iterations === 0 ? 2 : (damping / (1 - damping)) * delta,
    edgeReads: iterations * adj.edgeCount,
    converged: delta < tol,
    layout: "rows",
    kernel: inWasm === undefined ? "js" : "wasm",
  };
}

/**
 * The power iteration over pair segments: the row pull's loop above, with the pull and the per-node
 * tail done by the walk's step in WebAssembly, y updated in place (the pull has read all of it first).
 */
function iterateSegmentWalk(
  walk: SegmentWalk,
  options: PowerIterationOptions,
): PowerIterationResult {
  const n = walk.nodeCount;
  const { damping, tol, maxIter, restart } = options;
  const { x, y, scale, danglingNodes } = walk;
  if (restart !== undefined) {
    if (walk.restart === undefined) {
      throw new RangeError("a restart distribution needs a walk built withRestart");
    }
    walk.restart.set(restart);
    x.set(restart);
  } else x.fill(1 / n);
  for (let u = 0; u < n; u++) y[u] = (x[u] as number) * (scale[u] as number);
  walk.pairs.fill(0);
  const schedule = { next: 1, lastAt: 0, lastDelta: Number.POSITIVE_INFINITY };
  let iterations = 0;
  let delta = Number.POSITIVE_INFINITY;
  while (iterations < maxIter) {
    const base = damping * massOn(danglingNodes, y) + (1 - damping);
    const done = iterations + 1;
    const mode = modeOf(schedule, done, maxIter);
    const change = walk.step(mode, damping, base / n, base, restart !== undefined);
    iterations = done;
    if (mode !== CHECK) continue;
    delta = change;
    if (delta < tol) break;
    scheduleCheck(schedule, iterations, delta, tol);
  }
  return {
    ranks: x.slice(), // out of the module's memory, so that it can be collected
    iterations,
    delta,
    errorBound: iterations === 0 ? 2 : (damping / (1 - damping)) * delta,
    edgeReads: iterations * walk.edgeCount,
    converged: delta < tol,
    layout: "segments",
    kernel: "wasm",
  };
}

/** Iterations at most between two checks of the L1 change. */
export const MAX_CHECK_GAP = 8;

/**
 * Plans the next check of the L1 change. The change shrinks geometrically (by the walk's second
 * eigenvalue, at most d a step), so from the last two checks the ratio per iteration ρ is estimated and
 * the next check comes no later than the iteration where δ·ρ^k would first fall below tol, and within
 * MAX_CHECK_GAP. A check costs a pass over x (read and write), which on Epinions is a third of an
 * iteration's time; planned this way the iteration usually stops at the same iteration as one that
 * checks every time, and at worst a few iterations later (closer to the fixed point).
 */
function scheduleCheck(
  schedule: { next: number; lastAt: number; lastDelta: number },
  at: number,
  delta: number,
  tol: number,
): void {
  const ratio = (delta / schedule.lastDelta) ** (1 / (at - schedule.lastAt));
  schedule.lastAt = at;
  schedule.lastDelta = delta;
  // Iterations until δ·ρ^k < tol; NaN or infinite when ρ is not measured yet or not below 1.
  const steps = Math.floor(Math.log(tol / delta) / Math.log(ratio));
  const gap = steps >= 1 ? Math.min(steps, MAX_CHECK_GAP) : 1;
  schedule.next = at + (Number.isFinite(gap) ? gap : 1);
}

/**
 * What iteration `done` does (power-step.ts's modes): CHECK the L1 change when it is the planned
 * check, KEEP x when the check is next (the check compares with it), else PASS. The last iteration
 * allowed is checked too, so a capped run reports its true change.
 */
function modeOf(schedule: { readonly next: number }, done: number, maxIter: number): Mode {
  const checkAt = Math.min(schedule.next, maxIter);
  return done === checkAt ? CHECK : done + 1 === checkAt ? KEEP : PASS;
}

/** Σ y over the given dangling nodes (where y is the rank): the walk mass with nowhere to go, which restarts. */
function massOn(nodes: Uint32Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < nodes.length; i++) sum += y[nodes[i] as number] as number;
  return sum;
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
