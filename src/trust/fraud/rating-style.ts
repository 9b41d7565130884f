/**
 * How a rater rates, independent of time: extremity (how often it uses the ends of the scale) and
 * deviation (how far its ratings sit from what everyone else said about the same node). Both are
 * behavioural signals of REV2 §4.4 and of the rating-fraud literature it surveys: paid or vengeful
 * ratings are extreme and disagree with the consensus.
 */
import type { Graph } from "../graph/csr.js";
import { inDegrees } from "./edge-sources.js";

export interface RatingStyle {
  /** Share of a rater's ratings with |rating| ≥ the extremity threshold; 0 for non-raters. */
  readonly extremity: Float64Array;
  /**
   * Mean |rating − mean of the other ratings of the same node| / 2 over the rater's ratings of nodes
   * that someone else rated too (a leave-one-out consensus, so a lone rating cannot agree with itself).
   */
  readonly deviation: Float64Array;
  /** How many of a rater's ratings had a consensus to compare with. */
  readonly compared: Uint32Array;
}

/**
 * @example const { extremity, deviation } = ratingStyle(g, 0.9)
 */
export function ratingStyle(g: Graph, extremeAt: number): RatingStyle {
  const n = g.nodeCount;
  const inCount = inDegrees(g);
  const received = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    received[v] = (received[v] as number) + (g.weights[e] as number);
  }
  const extremity = new Float64Array(n);
  const deviation = new Float64Array(n);
  const compared = new Uint32Array(n);
  for (let u = 0; u < n; u++) {
    const start = g.offsets[u] as number;
    const end = g.offsets[u + 1] as number;
    let extreme = 0;
    let distance = 0;
    let count = 0;
    for (let e = start; e < end; e++) {
      const w = g.weights[e] as number;
      if (Math.abs(w) >= extremeAt) extreme++;
      const v = g.targets[e] as number;
      const others = (inCount[v] as number) - 1;
      if (others === 0) continue;
      distance += Math.abs(w - ((received[v] as number) - w) / others) / 2;
      count++;
    }
    extremity[u] = end > start ? extreme / (end - start) : 0;
    deviation[u] = count > 0 ? distance / count : 0;
    compared[u] = count;
  }
  return { extremity, deviation, compared };
}
