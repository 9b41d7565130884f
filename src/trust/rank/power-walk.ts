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
 * Past this many edges (kept or not) the power solver pulls by pair segments. Measured with
 * bench/trust-kernel.ts (build and solve in every call, CPU time): the segments' row of the rank vector
 * stays in L2 where the row pull's random reads over it do not, and their build replaces the
 * transposed CSR's; see the commit that set it for the numbers.
 */
export const SEGMENT_WALK_MIN_EDGES = 2 ** 21;

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
