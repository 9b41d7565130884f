/**
 * The form of the walk pagerank()'s power solver pulls over, chosen by size: the pair segments built
 * straight from the graph (segment-walk.ts) past SEGMENT_WALK_MIN_EDGES edges, else the transposed CSR
 * (walkAdjacency, wasm-adjacency.ts). Both give the same ranks bit for bit (the segments carry the row
 * pull's two accumulators), so the choice is one of speed and memory, not of result.
 */
import type { Graph } from "../graph/csr.js";
import type { InAdjacency, WalkOptions } from "../graph/in-adjacency.js";
import { type SegmentWalk, segmentWalk } from "./segment-walk.js";
import { walkAdjacency } from "./wasm-adjacency.js";

/**
 * Past this many edges (kept or not) the power solver pulls by pair segments. Measured as pagerank()
 * runs it (walk built and solved in every call, CPU time, medians of 7-15 interleaved calls, load
 * 3.0-4.4 on 2 cores): segments / rows CPU 0.53 at 8M edges (500k nodes), 0.90 at 3M, 0.91-0.95 at
 * 1.5M, 0.89 at 1M, 0.86 on Epinions (841k), 0.90 at 800k, 0.94 at 500k; below that, from 0.58 to
 * 2.49 run to run at 20k-200k edges (a few ms, the fresh memory and the 512 KiB workspace per
 * segment weigh): rows kept there. Why it wins: one segment's ranks (512 KiB) stay in L2 where the
 * row pull reads the whole rank vector at random, and its build replaces the transposed CSR's.
 */
export const SEGMENT_WALK_MIN_EDGES = 2 ** 19;

/**
 * The walk over `g` for powerIterate: pair segments when unweighted, past `segmentsAbove` edges and
 * WebAssembly is there; otherwise walkAdjacency's pull form.
 *
 * @example const { ranks } = powerIterate(powerWalk(g, { positiveOnly: true }), { damping: 0.85, tol: 1e-10, maxIter: 1000 })
 */
export function powerWalk(
  g: Graph,
  options: WalkOptions = {},
  segmentsAbove = SEGMENT_WALK_MIN_EDGES,
): InAdjacency | SegmentWalk {
  if (options.weighted !== true && g.edgeCount > segmentsAbove) {
    const walk = segmentWalk(g, { positiveOnly: options.positiveOnly ?? false });
    if (walk !== undefined) return walk;
  }
  return walkAdjacency(g, options);
}
