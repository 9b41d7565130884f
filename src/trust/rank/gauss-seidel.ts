/**
 * PageRank and EigenTrust as a linear system solved by Gauss–Seidel, one strongly connected component at
 * a time, upstream first: the same fixed point as the power iteration (power-iteration.ts) in far fewer
 * passes over the edges where a walk has traps (Epinions: each edge read ~30 times against 113).
 *
 * The system. The power iteration's fixed point x = d·Pᵀx + (d·dangling(x) + 1 − d)·r has
 * x = γ·x̃ with x̃ the solution of (I − d·P̃ᵀ)·x̃ = r, where P̃ is P with the dangling rows left empty
 * and γ a positive scalar, because dangling mass restarts along r, the same vector as the teleport
 * (Del Corso, Gullì, Romani, "Fast PageRank computation via a sparse linear system", Internet Math.
 * 2(3), 2005). So x = x̃/‖x̃‖₁ exactly: dangling nodes need no special step.
 *
 * The solver. Gauss–Seidel updates x̃_v = r_v + d·Σ_{u→v} x̃_u/out_u in place, so a node reads the values
 * its in-neighbours got earlier in the same sweep. Components are solved in topological order
 * (strong-components.ts), each to its own tolerance before the next starts, so a component of one node
 * takes one update and a closed pair of nodes that only trust each other (Epinions has hundreds), whose
 * error would otherwise shrink by only d² a sweep, is solved in its own cheap loop instead of holding up
 * the whole graph. A self-loop's share of a node's own value is solved for exactly (the diagonal).
 * From x̃ = 0 the iterates increase monotonically to x̃ (an M-matrix with a non-negative right side);
 * once the ratio of successive changes settles, the rest of the geometric tail is added at once
 * (extrapolate, below): 33 sweeps instead of 58 on Epinions' largest component.
 *
 * The stopping rule, and why it bounds the error. After a sweep of component C whose values changed by
 * δ_C in L1, the residual of C's equations is at most d·δ_C (each is off only by later updates of its
 * in-neighbours within C, and a node passes on at most d times its change). The error of x̃ is at most
 * the total residual over (1 − d) (‖(I − d·P̃ᵀ)⁻¹‖₁ ≤ 1/(1 − d)), and normalising at most doubles an L1
 * error relative to the norm. So `errorBound` = 2·d·Σ_C δ_C / ((1 − d)·‖x̃‖₁) bounds the L1 distance
 * from the returned ranks to the exact fixed point, and each component stops once its share of the
 * tolerance, in proportion to its size, is met: converged means errorBound < tol. This is the
 * residual rule of PRPACK (its per-component error/(1 − α) < tol·size/n) with the factor for
 * normalising added; a power iteration stopping at an L1 change below tol is only within d/(1 − d)·tol.
 */

import type { InAdjacency } from "../graph/in-adjacency.js";
import { componentsUpstreamFirst } from "../graph/strong-components.js";
import { inSum } from "./in-sum.js";
import {
  assertIterationOptions,
  type PowerIterationOptions,
  type PowerIterationResult,
  WASM_MAX_EDGES,
} from "./power-iteration.js";
import { dropSelfLoops, hasSelfLoop, selfLoopShares } from "./self-loops.js";
import { type WasmSweepArrays, wasmSweepArrays } from "./wasm-sweep.js";

/** The solution, how the solver got there, and the components it solved one after another. */
export interface GaussSeidelResult extends PowerIterationResult {
  /**
   * Sweeps of the largest component, which does most of the work (a singleton needs 1); `edgeReads`
   * counts every sweep of every component.
   */
  readonly iterations: number;
  /** L1 change of every component's last sweep, on the scale of the normalised ranks. */
  readonly delta: number;
  /** Strongly connected components solved, and the node count of the largest. */
  readonly components: number;
  readonly largestComponent: number;
}

/**
 * Solves for the power iteration's fixed point by Gauss–Seidel over strongly connected components.
 * `maxIter` caps the sweeps of each component.
 *
 * @example
 * const { ranks, errorBound } = gaussSeidelRank(inAdjacency(g), { damping: 0.85, tol: 1e-10, maxIter: 1000 })
 */
export function gaussSeidelRank(
  adj: InAdjacency,
  options: PowerIterationOptions,
): GaussSeidelResult {
  const n = adj.nodeCount;
  assertIterationOptions(options, n);
  const { damping: d, tol, maxIter, restart } = options;
  if (n === 0 || maxIter === 0) {
    const ranks = restart === undefined ? new Float64Array(n).fill(1 / n) : restart.slice();
    const none = { iterations: 0, delta: 0, edgeReads: 0, components: 0, largestComponent: 0 };
    return { ranks, ...none, errorBound: n === 0 ? 0 : 2, converged: n === 0 };
  }
  // The unweighted sweep of unit edges with the uniform restart runs in WebAssembly (wasm-kernels.ts;
  // the same values bit for bit) up to WASM_MAX_EDGES, as the power iteration's pull does; its vectors
  // then live in its memory. Self-loops are solved for by a divisor there (self-loops.ts).
  const uniformWalk = adj.weights === undefined && restart === undefined;
  const loops = uniformWalk && hasSelfLoop(adj);
  const inWasm =
    uniformWalk && (options.wasm ?? true) && adj.edgeCount <= WASM_MAX_EDGES
      ? wasmSweepArrays(adj.offsets, adj.sources, n, loops)
      : undefined;
  const x = inWasm?.x ?? new Float64Array(n); // x̃, from 0
  const y = inWasm?.y ?? new Float64Array(n); // x̃/out: what each node passes along one out-edge
  const dx = inWasm?.dx ?? new Float64Array(n); // each node's change in its component's last sweep
  // The component search borrows these vectors (as five Uint32 halves) before they are zeroed, so its
  // working memory adds nothing to the solver's peak (30M edges: 40 MB).
  const { order, bounds, count } = componentsUpstreamFirst(adj, [
    uint32Half(x, n, 0),
    uint32Half(x, n, 1),
    uint32Half(y, n, 0),
    uint32Half(y, n, 1),
    uint32Half(dx, n, 0),
  ]);
  x.fill(0);
  y.fill(0);
  inWasm?.order.set(order);
  const invOut = inWasm?.invOut ?? new Float64Array(n);
  inverseOutWeights(adj.outWeight, invOut);
  // A uniform walk was already searched for self-loops: without any, no second scan of its edges.
  const selfShare = uniformWalk && !loops ? undefined : selfLoopShares(adj, invOut, d);
  // Past WASM_MAX_EDGES no kernel needs the same bits, and taking self-loops out in JavaScript would
  // copy the sources (120 MB at 30M edges): the general sweep solves for them in place there.
  const pull =
    uniformWalk && (selfShare === undefined || adj.edgeCount <= WASM_MAX_EDGES)
      ? uniformPull(adj, selfShare, inWasm)
      : undefined;
  const work: SweepState = {
    x,
    y,
    dx,
    invOut,
    selfShare,
    pull,
    restart,
    uniform: 1 / n,
    damping: d,
    // A sweep's L1 change and its Σ x̃: no object per sweep.
    stats: inWasm?.stats ?? new Float64Array(2),
    inWasm,
  };
  const solved = solveComponents(adj, order, bounds, count, work, options);
  const { finished, residual } = solved;
  // Out of the module's memory, so that it can be collected.
  const ranks = divided(inWasm === undefined ? x : x.slice(), finished);
  const errorBound = (2 * residual) / ((1 - d) * finished);
  return {
    ranks,
    iterations: solved.iterations,
    delta: solved.changeSum / finished,
    errorBound,
    edgeReads: solved.edgeReads,
    components: count,
    largestComponent: solved.largest,
    converged: solved.converged && errorBound < tol,
    kernel: inWasm === undefined ? "js" : "wasm",
  };
}

/** What solving every component gave, before normalising. */
interface Solved {
  /** Σ x̃ over solved components: the final ‖x̃‖₁. */
  readonly finished: number;
  /** Σ_C d·δ_C. */
  readonly residual: number;
  readonly changeSum: number;
  readonly edgeReads: number;
  /** Sweeps of the largest component, and its size. */
  readonly iterations: number;
  readonly largest: number;
  /** Every component met its share of the tolerance within maxIter sweeps. */
  readonly converged: boolean;
}

/**
 * Solves the components one after another, upstream first, each to its share of the tolerance. A
 * function of its own, apart from the set-up, so that the engine optimises it once and keeps it
 * across calls (inside the one large function, it was recompiled on the stack and thrown away on
 * nearly every call: 28 compilations in 13 calls on Epinions).
 */
function solveComponents(
  adj: InAdjacency,
  order: Uint32Array,
  bounds: Uint32Array,
  count: number,
  work: SweepState,
  options: PowerIterationOptions,
): Solved {
  const { damping: d, tol, maxIter } = options;
  const { stats } = work;
  const offsets = work.pull?.offsets ?? adj.offsets;
  const cyclicNodes = adj.nodeCount - singletonCount(bounds, count);
  let finished = 0; // Σ x̃ over solved components: a lower bound of the final ‖x̃‖₁
  let residual = 0; // Σ_C d·δ_C
  let changeSum = 0;
  let edgeReads = 0;
  let iterations = 0;
  let largest = 0;
  let converged = true;
  for (let c = 0; c < count; c++) {
    const lo = bounds[c] as number;
    const hi = bounds[c + 1] as number;
    const reads = inEdgeCount(offsets, order, lo, hi);
    if (hi - lo === 1) {
      // One update is exact: every in-neighbour is final, a self-loop is solved for.
      sweep(adj, order, lo, hi, work);
      finished += stats[1] as number;
      edgeReads += reads;
      if (largest === 0) {
        largest = 1;
        iterations = 1;
      }
      continue;
    }
    const share = (hi - lo) / cyclicNodes;
    let sweeps = 0;
    let met = false;
    let ratio = 0;
    let previous = Number.POSITIVE_INFINITY;
    let since = 0;
    let extrapolating = true;
    let changeWhenExtrapolated = 0;
    while (sweeps < maxIter && !met) {
      sweep(adj, order, lo, hi, work);
      sweeps++;
      since++;
      const change = stats[0] as number;
      const budget = (tol * (1 - d) * (finished + (stats[1] as number)) * share) / 2;
      met = d * change <= budget;
      const nextRatio = change / previous;
      previous = change;
      if (since === 1 && sweeps > 1) extrapolating &&= helped(change, changeWhenExtrapolated);
      if (!met && extrapolating && since >= EXTRAPOLATE_AFTER && steady(ratio, nextRatio)) {
        extrapolate(order, lo, hi, work, nextRatio / (1 - nextRatio));
        since = 0;
        previous = Number.POSITIVE_INFINITY;
        changeWhenExtrapolated = change;
      }
      ratio = nextRatio;
    }
    converged &&= met;
    residual += d * (stats[0] as number);
    changeSum += stats[0] as number;
    finished += stats[1] as number;
    edgeReads += sweeps * reads;
    if (hi - lo > largest) {
      largest = hi - lo;
      iterations = sweeps;
    }
  }
  return { finished, residual, changeSum, edgeReads, iterations, largest, converged };
}

/** The in-edges of order[lo..hi): what one sweep of that component reads. */
function inEdgeCount(offsets: Uint32Array, order: Uint32Array, lo: number, hi: number): number {
  let reads = 0;
  for (let k = lo; k < hi; k++) {
    const v = order[k] as number;
    reads += (offsets[v + 1] as number) - (offsets[v] as number);
  }
  return reads;
}

/** One half (0: low, 1: high) of a Float64 vector of n, as n Uint32 words. */
function uint32Half(v: Float64Array, n: number, second: number): Uint32Array {
  return new Uint32Array(v.buffer, v.byteOffset + 4 * n * second, n);
}

/** 1/out_u per node, 0 for a dangling node (its mass restarts, it passes nothing along edges). */
function inverseOutWeights(outWeight: Float64Array, into: Float64Array): void {
  for (let u = 0; u < outWeight.length; u++) {
    const w = outWeight[u] as number;
    into[u] = w > 0 ? 1 / w : 0;
  }
}

/** x / total, in place. */
function divided(x: Float64Array, total: number): Float64Array {
  for (let v = 0; v < x.length; v++) x[v] = (x[v] as number) / total;
  return x;
}

/** Plain sweeps between two extrapolations, so the ratio is measured on Gauss–Seidel's own steps. */
const EXTRAPOLATE_AFTER = 3;

/**
 * The sweep after an extrapolation changed the component less than the sweep before it. An L1 ratio
 * cannot tell a mode that decays with alternating signs from one that decays steadily, and only the
 * second has the positive geometric tail extrapolate adds: once an extrapolation has overshot some
 * values, the next one may push the iterate away (a 4-node weighted component whose change grew 1.66×
 * per extrapolation and never converged; test/trust/rank/gauss-seidel.test.ts). A component whose
 * extrapolation did not help goes on with plain sweeps, which converge from any start (the Gauss–Seidel
 * matrix of an M-matrix has spectral radius < 1).
 */
function helped(changeAfter: number, changeBefore: number): boolean {
  return changeAfter < changeBefore;
}

/** The sweep-to-sweep ratio of the change has settled (one mode dominates) and is below 1. */
function steady(ratio: number, next: number): boolean {
  return next < 0.99 && Math.abs(next - ratio) < 0.01 * next;
}

/**
 * x̃ += f·dx over order[lo..hi): the geometric tail of the slowest mode, added at once (Aitken's δ² with
 * one ratio for the whole component; Kamvar, Haveliwala, Manning, Golub, "Extrapolation methods for
 * accelerating PageRank computations", WWW 2003). Clamped at 0 so every value stays non-negative (then
 * every later update is ≥ r_v, and Σ x̃ is its L1 norm); the next sweep measures what it got wrong.
 */
function extrapolate(order: Uint32Array, lo: number, hi: number, s: SweepState, f: number): void {
  const { x, y, dx, invOut } = s;
  for (let k = lo; k < hi; k++) {
    const v = order[k] as number;
    const xv = Math.max(0, (x[v] as number) + f * (dx[v] as number));
    x[v] = xv;
    y[v] = xv * (invOut[v] as number);
  }
}

function singletonCount(bounds: Uint32Array, count: number): number {
  let singles = 0;
  for (let c = 0; c < count; c++)
    if ((bounds[c + 1] as number) - (bounds[c] as number) === 1) singles++;
  return singles;
}

interface SweepState {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dx: Float64Array;
  readonly invOut: Float64Array;
  readonly selfShare: Float64Array | undefined;
  /** The uniform walk's pull, without self-loops; undefined for weighted edges or a given restart. */
  readonly pull: UniformPull | undefined;
  readonly restart: Float64Array | undefined;
  readonly uniform: number;
  readonly damping: number;
  /** Written by a sweep: [L1 change, Σ x̃ over the component]. */
  readonly stats: Float64Array;
  /** The vectors above are views of these when the uniform sweep runs in WebAssembly. */
  readonly inWasm: WasmSweepArrays | undefined;
}

/**
 * What the uniform sweep reads: the pull with its self-loops taken out, and 1 − a_v per node to divide
 * by (undefined when there is no self-loop, and then the pull is the adjacency's own).
 */
interface UniformPull {
  readonly offsets: Uint32Array;
  readonly sources: Uint32Array;
  readonly diag: Float64Array | undefined;
}

/**
 * The uniform sweep's pull: the adjacency's own without self-loops, else a copy without them (in the
 * kernels' memory, edited in place, when the sweep runs there) and the diagonal 1 − a_v.
 */
function uniformPull(
  adj: InAdjacency,
  selfShare: Float64Array | undefined,
  inWasm: WasmSweepArrays | undefined,
): UniformPull {
  if (selfShare === undefined)
    return { offsets: adj.offsets, sources: adj.sources, diag: undefined };
  const n = adj.nodeCount;
  const offsets = inWasm?.offsets ?? adj.offsets.slice(0, n + 1);
  const sources = inWasm?.sources ?? adj.sources.slice();
  dropSelfLoops(offsets, sources, n);
  const diag = oneMinus(selfShare, inWasm?.diag ?? new Float64Array(n));
  return { offsets, sources, diag };
}

/** 1 − a per element, into `into` (a loop of its own, so the engine optimises it whole). */
function oneMinus(a: Float64Array, into: Float64Array): Float64Array {
  for (let v = 0; v < a.length; v++) into[v] = 1 - (a[v] as number);
  return into;
}

/** One Gauss–Seidel sweep over order[lo..hi), dispatched to a monomorphic kernel. */
function sweep(adj: InAdjacency, order: Uint32Array, lo: number, hi: number, s: SweepState): void {
  const { pull } = s;
  if (pull === undefined) {
    sweepGeneral(adj, order, lo, hi, s);
    return;
  }
  if (s.inWasm !== undefined) {
    const { at } = s.inWasm;
    s.inWasm.sweep(
      at.offsets,
      at.sources,
      at.order,
      at.x,
      at.y,
      at.dx,
      at.invOut,
      at.diag,
      lo,
      hi,
      at.stats,
      s.damping,
      s.uniform,
    );
    return;
  }
  sweepUniform(pull, order, lo, hi, s);
}

/**
 * The common case (PageRank: unit edges, uniform restart), the WebAssembly kernel's operations in its
 * order: x̃_v = d·Σ y_u + 1/n over the pull, divided by 1 − a_v where self-loops were taken out of it.
 */
function sweepUniform(
  pull: UniformPull,
  order: Uint32Array,
  lo: number,
  hi: number,
  s: SweepState,
): void {
  const { offsets, sources, diag } = pull;
  const { x, y, dx, invOut, uniform, damping, stats } = s;
  let change = 0;
  let sum = 0;
  for (let k = lo; k < hi; k++) {
    const v = order[k] as number;
    const pulled =
      damping * inSum(sources, y, offsets[v] as number, offsets[v + 1] as number) + uniform;
    const xv = diag === undefined ? pulled : pulled / (diag[v] as number);
    const step = xv - (x[v] as number);
    change += Math.abs(step); // the iterates only grow, but rounding need not
    dx[v] = step;
    sum += xv;
    x[v] = xv;
    y[v] = xv * (invOut[v] as number);
  }
  stats[0] = change;
  stats[1] = sum;
}

/** Weighted edges or a given restart vector, self-loops solved for: x̃_v = (r_v + d·Σ_{u≠v} …)/(1 − selfShare_v). */
function sweepGeneral(
  adj: InAdjacency,
  order: Uint32Array,
  lo: number,
  hi: number,
  s: SweepState,
): void {
  const { offsets, sources, weights } = adj;
  const { x, y, dx, invOut, selfShare, restart, uniform, damping, stats } = s;
  let change = 0;
  let sum = 0;
  for (let k = lo; k < hi; k++) {
    const v = order[k] as number;
    const start = offsets[v] as number;
    const end = offsets[v + 1] as number;
    let pull = 0;
    if (weights === undefined) pull = inSum(sources, y, start, end);
    else
      for (let e = start; e < end; e++)
        pull += (weights[e] as number) * (y[sources[e] as number] as number);
    const old = x[v] as number;
    const b = restart === undefined ? uniform : (restart[v] as number);
    const a = selfShare === undefined ? 0 : (selfShare[v] as number);
    // pull counted v's own value through its self-loops at the old x̃_v: take it out, solve for the new.
    const xv = a === 0 ? damping * pull + b : (damping * pull - a * old + b) / (1 - a);
    const step = xv - old;
    change += Math.abs(step);
    dx[v] = step;
    sum += xv;
    x[v] = xv;
    y[v] = xv * (invOut[v] as number);
  }
  stats[0] = change;
  stats[1] = sum;
}
