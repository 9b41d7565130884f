/**
 * Further unsupervised features of a user for Bitcoin Alpha's fraudulent raters, added in session 4
 * for the cross-fitted protocol (fraud-alpha-crossfit.ts). They were written down before any of them
 * was scored, and each is computed from the ratings alone (no label), so a fold's procedure may use
 * them freely; which ones count, and how much, is decided on the training fold only.
 *
 * Every feature is oriented so that higher means "more likely fraudulent". Times are seconds, weights
 * normalised to [-1, 1].
 */
import { activityTimes } from "../../src/trust/fraud/activity-times.js";
import { BEHAVIOUR_DEFAULTS } from "../../src/trust/fraud/behaviour.js";
import type { Graph } from "../../src/trust/graph/csr.js";

export interface ExtraFeatures {
  readonly names: readonly string[];
  /** One array of length nodeCount per name, in the order of `names`. */
  readonly values: readonly Float64Array[];
}

/**
 * The features, each from the ratings only.
 *
 * - established-rater mean received: the mean rating received, each rating weighed by how established
 *   its rater's account is (1 − short-lived), with one neutral pseudo-rating (REV2's α smoothing);
 *   negated. Hit-and-run accounts praising each other count little.
 * - established-rater negative share: the same weights, share of the ratings received that are
 *   negative, Beta(1, 1)-smoothed.
 * - short-lived raters: mean short-lived signal of the users who rated this one (a ring of throwaway
 *   accounts around a scammer).
 * - short-lived ratees: mean short-lived signal of the users this one rated.
 * - dormancy: time from the user's last appearance to the end of the log, as a share of the log's
 *   span (an exit scammer vanishes; a benign trader keeps trading).
 * - unreturned ratings: share of the users this one rated who never rated it back, any sign (trading
 *   leaves ratings both ways; a rater who only gives is not a counterparty).
 * - in/out balance: log((received + 1) / (given + 1)).
 */
export function extraFeatures(g: Graph): ExtraFeatures {
  const n = g.nodeCount;
  const times = g.times;
  if (times === undefined) throw new TypeError("extraFeatures needs edge times");
  const o = BEHAVIOUR_DEFAULTS;
  const t = activityTimes(g, o.burstWindow, o.youngAge);
  let logStart = Number.POSITIVE_INFINITY;
  let logEnd = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < g.edgeCount; e++) {
    logStart = Math.min(logStart, times[e] as number);
    logEnd = Math.max(logEnd, times[e] as number);
  }
  const shortLived = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const first = t.firstSeen[u] as number;
    if (!Number.isFinite(first)) continue;
    shortLived[u] = Math.max(0, 1 - ((t.lastSeen[u] as number) - first) / o.establishedAfter);
  }
  const estMean = establishedRaterMean(g, shortLived);
  const estWeight = new Float64Array(n);
  const estNegative = new Float64Array(n);
  const raterShortLived = new Float64Array(n);
  const ratee = new Float64Array(n);
  const received = new Float64Array(n);
  const given = new Float64Array(n);
  const rated = new Set<number>();
  for (let u = 0; u < n; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      const w = g.weights[e] as number;
      const established = 1 - (shortLived[u] as number);
      estWeight[v] = (estWeight[v] as number) + established;
      if (w < 0) estNegative[v] = (estNegative[v] as number) + established;
      raterShortLived[v] = (raterShortLived[v] as number) + (shortLived[u] as number);
      ratee[u] = (ratee[u] as number) + (shortLived[v] as number);
      received[v] = (received[v] as number) + 1;
      given[u] = (given[u] as number) + 1;
      rated.add(u * n + v);
    }
  }
  const unreturned = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let missing = 0;
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      if (!rated.has((g.targets[e] as number) * n + u)) missing++;
    }
    const count = given[u] as number;
    unreturned[u] = count === 0 ? 0 : missing / count;
  }
  const span = Math.max(1, logEnd - logStart);
  const mean = (sum: Float64Array, count: Float64Array) =>
    Float64Array.from(sum, (s, u) => ((count[u] as number) === 0 ? 0 : s / (count[u] as number)));
  return {
    names: [
      "established-rater mean received",
      "established-rater negative share",
      "short-lived raters",
      "short-lived ratees",
      "dormancy",
      "unreturned ratings",
      "in/out balance",
    ],
    values: [
      estMean.map((m) => -m),
      Float64Array.from(estNegative, (s, u) => (s + 1) / ((estWeight[u] as number) + 2)),
      mean(raterShortLived, received),
      mean(ratee, given),
      Float64Array.from(t.lastSeen, (last) => (Number.isFinite(last) ? (logEnd - last) / span : 0)),
      unreturned,
      Float64Array.from(received, (r, u) => Math.log((r + 1) / ((given[u] as number) + 1))),
    ],
  };
}

/**
 * The mean rating each user received, each rating weighed by how established its rater is
 * (1 − shortLived[rater]), with one neutral pseudo-rating of weight 1 (REV2's α smoothing), in
 * [-1, 1]. It is REV2's goodness with the fairness of every rater held at its behavioural prior and
 * the ratings averaged over that weight rather than over their count.
 *
 * @example establishedRaterMean(g, behaviourSignals(g).shortLived)[v] // near -1: panned by old hands
 */
export function establishedRaterMean(g: Graph, shortLived: Float64Array): Float64Array {
  const sum = new Float64Array(g.nodeCount);
  const weight = new Float64Array(g.nodeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    const established = 1 - (shortLived[u] as number);
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      sum[v] = (sum[v] as number) + established * (g.weights[e] as number);
      weight[v] = (weight[v] as number) + established;
    }
  }
  return sum.map((s, v) => s / ((weight[v] as number) + 1));
}
