/**
 * One iteration of the power iteration (power-iteration.ts) in JavaScript, one monomorphic function per
 * case: y ← scale·(d·Pᵀ·y + restart) over the rows of an InAdjacency, writing the ranks x and measuring
 * their L1 change only as the iteration's mode asks. Pure: typed arrays in and out.
 */
import type { InAdjacency } from "../graph/in-adjacency.js";
import { inSum } from "./in-sum.js";

/**
 * What an iteration does besides y ← scale·(d·Pᵀ·(x) + restart): PASS writes only y; KEEP also writes
 * the ranks into x, so that the next iteration can measure its L1 change; CHECK measures it against x,
 * then writes x. The iterates are the same whatever the mode: only where the change is measured moves.
 */
export const PASS = 0;
export const KEEP = 1;
export const CHECK = 2;
export type Mode = typeof PASS | typeof KEEP | typeof CHECK;

/**
 * One iteration where every kept edge counts 1 and the restart is uniform (PageRank). Monomorphic.
 *
 * @example stepUniform(adj.offsets, adj.sources, y, nextY, scale, x, 0.85, base / n, PASS, stats)
 */
export function stepUniform(
  offsets: Uint32Array,
  sources: Uint32Array,
  y: Float64Array,
  nextY: Float64Array,
  scale: Float64Array,
  x: Float64Array,
  damping: number,
  uniform: number,
  mode: Mode,
  stats: Float64Array,
): void {
  const n = x.length;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    const xv = damping * inSum(sources, y, e, end) + uniform;
    e = end;
    if (mode !== PASS) {
      if (mode === CHECK) delta += Math.abs(xv - (x[v] as number));
      x[v] = xv;
    }
    nextY[v] = xv * (scale[v] as number);
  }
  stats[0] = delta;
}

/**
 * As stepUniform, with a given restart distribution (personalised PageRank, EigenTrust's seeds).
 *
 * @example stepRestart(adj.offsets, adj.sources, y, nextY, scale, x, restart, 0.85, base, KEEP, stats)
 */
export function stepRestart(
  offsets: Uint32Array,
  sources: Uint32Array,
  y: Float64Array,
  nextY: Float64Array,
  scale: Float64Array,
  x: Float64Array,
  restart: Float64Array,
  damping: number,
  base: number,
  mode: Mode,
  stats: Float64Array,
): void {
  const n = x.length;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    const xv = damping * inSum(sources, y, e, end) + base * (restart[v] as number);
    e = end;
    if (mode !== PASS) {
      if (mode === CHECK) delta += Math.abs(xv - (x[v] as number));
      x[v] = xv;
    }
    nextY[v] = xv * (scale[v] as number);
  }
  stats[0] = delta;
}

/**
 * One iteration where walk mass splits in proportion to edge weight (EigenTrust's normalised trust).
 *
 * @example stepWeighted(adj, y, nextY, scale, x, undefined, 0.85, base, CHECK, stats)
 */
export function stepWeighted(
  adj: InAdjacency,
  y: Float64Array,
  nextY: Float64Array,
  scale: Float64Array,
  x: Float64Array,
  restart: Float64Array | undefined,
  damping: number,
  base: number,
  mode: Mode,
  stats: Float64Array,
): void {
  const { offsets, sources } = adj;
  const weights = adj.weights as Float32Array;
  const n = x.length;
  const uniform = base / n;
  let delta = 0;
  let e = offsets[0] as number;
  for (let v = 0; v < n; v++) {
    const end = offsets[v + 1] as number;
    let sum = 0;
    for (; e < end; e++) sum += (weights[e] as number) * (y[sources[e] as number] as number);
    const xv = damping * sum + (restart === undefined ? uniform : base * (restart[v] as number));
    if (mode !== PASS) {
      if (mode === CHECK) delta += Math.abs(xv - (x[v] as number));
      x[v] = xv;
    }
    nextY[v] = xv * (scale[v] as number);
  }
  stats[0] = delta;
}
