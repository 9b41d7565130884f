/**
 * Time-based behavioural signals of raters (REV2 §4.4 cites burstiness and account age as the
 * strongest behavioural evidence of fraud): a burst is many ratings in a short window, a young account
 * rates right after it first appears in the log.
 */
import type { Graph } from "../graph/csr.js";

export interface ActivityTimes {
  /** Most ratings a rater gave within any window of `burstWindow` time units. */
  readonly densest: Uint32Array;
  /** Ratings a rater gave within `youngAge` of its first appearance (as rater or rated). */
  readonly whileYoung: Uint32Array;
  /** Time each node first appears in the log (Infinity for a node without edges). */
  readonly firstSeen: Float64Array;
  /** Time each node last appears in the log, as rater or rated (−Infinity for a node without edges). */
  readonly lastSeen: Float64Array;
}

/**
 * Needs `g.times`. Sorts each rater's times once: O(m log d).
 *
 * @example const { densest } = activityTimes(g, 86_400, 7 * 86_400)
 */
export function activityTimes(g: Graph, burstWindow: number, youngAge: number): ActivityTimes {
  const times = g.times;
  if (times === undefined) throw new RangeError("activityTimes needs a graph with edge times");
  const n = g.nodeCount;
  const firstSeen = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const lastSeen = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let u = 0; u < n; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const t = times[e] as number;
      const v = g.targets[e] as number;
      if (t < (firstSeen[u] as number)) firstSeen[u] = t;
      if (t < (firstSeen[v] as number)) firstSeen[v] = t;
      if (t > (lastSeen[u] as number)) lastSeen[u] = t;
      if (t > (lastSeen[v] as number)) lastSeen[v] = t;
    }
  }
  const densest = new Uint32Array(n);
  const whileYoung = new Uint32Array(n);
  for (let u = 0; u < n; u++) {
    const own = times.slice(g.offsets[u] as number, g.offsets[u + 1] as number).sort();
    densest[u] = densestWindow(own, burstWindow);
    const youngUntil = (firstSeen[u] as number) + youngAge;
    let young = 0;
    for (const t of own) if (t <= youngUntil) young++;
    whileYoung[u] = young;
  }
  return { densest, whileYoung, firstSeen, lastSeen };
}

/** The largest number of sorted times inside any closed window of length `window` (two pointers). */
function densestWindow(sorted: Float64Array, window: number): number {
  let best = 0;
  let left = 0;
  for (let right = 0; right < sorted.length; right++) {
    while ((sorted[right] as number) - (sorted[left] as number) > window) left++;
    best = Math.max(best, right - left + 1);
  }
  return best;
}
