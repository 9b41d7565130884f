/**
 * Candidate signals of session 5 for Bitcoin Alpha's fraudulent raters (leak-reduced protocol), each
 * computed from the ratings alone (no label). They were written while looking at their AUC over all
 * 183 labelled users, so the single-feature AUCs printed by fraud-alpha-session5.ts are model
 * selection on the evaluation data; docs/evaluation.md ("Session 5") says so and lists every one.
 *
 * Every score is oriented so that higher means "more likely fraudulent". Ratings are on [-1, 1],
 * times in seconds.
 */
import { behaviourSignals } from "../../src/trust/fraud/behaviour.js";
import type { Graph } from "../../src/trust/graph/csr.js";

const DAY = 86_400;

/** The rater of every edge in CSR order. */
export function ratersOf(g: Graph): Uint32Array {
  const rater = new Uint32Array(g.edgeCount);
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) rater[e] = u;
  }
  return rater;
}

/**
 * How established each account is, min(1, active span / horizon), with the span from first to last
 * appearance in the log (as rater or rated), as in src/trust/fraud/behaviour.ts.
 *
 * @example established(g, 730)[u] // 1 for an account seen over two years or more
 */
export function established(g: Graph, horizonDays: number): Float64Array {
  return behaviourSignals(g).activeFor.map((a) => Math.min(1, a / (horizonDays * DAY)));
}

/**
 * Mean rating received, each rating weighed by its rater's weight `w`, with one neutral pseudo-rating
 * of weight `pseudo` at `prior` (REV2's α smoothing, which pulls towards the mean goodness μG; here 0
 * unless asked); `f` maps a rating before it is averaged. In [-1, 1].
 *
 * @example weightedMeanReceived(g, established(g, 730)) // session 4's established-rater mean at 2 years
 */
export function weightedMeanReceived(
  g: Graph,
  w: Float64Array,
  f: (rating: number) => number = (x) => x,
  pseudo = 1,
  prior = 0,
): Float64Array {
  const rater = ratersOf(g);
  const sum = new Float64Array(g.nodeCount);
  const weight = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    const v = g.targets[e] as number;
    sum[v] = (sum[v] as number) + (w[u] as number) * f(g.weights[e] as number);
    weight[v] = (weight[v] as number) + (w[u] as number);
  }
  return sum.map((s, v) => {
    const total = (weight[v] as number) + pseudo;
    return total === 0 ? prior : (s + pseudo * prior) / total;
  });
}

/** (1 − goodness) / 2 clamped to [0, 1]: the scale of suspicion's low-goodness signal. */
export function lowGoodness(goodness: Float64Array): Float64Array {
  return goodness.map((x) => Math.min(1, Math.max(0, (1 - x) / 2)));
}

/**
 * Reputation propagated from established raters: a rater's weight is its establishment times its
 * own reputation (max(0, ·) or (1 + ·)/2), iterated 30 times from the established-rater mean.
 */
export function propagatedReputation(
  g: Graph,
  horizonDays: number,
  mode: "positive" | "shifted",
): Float64Array {
  const base = established(g, horizonDays);
  let reputation = weightedMeanReceived(g, base);
  for (let i = 0; i < 30; i++) {
    const w = base.map((x, u) => {
      const r = reputation[u] as number;
      return x * (mode === "positive" ? Math.max(0, r) : (1 + r) / 2);
    });
    reputation = weightedMeanReceived(g, w);
  }
  return reputation;
}

/**
 * Endorsement of badly rated users: over the positive ratings a user GAVE, the rating-weighted mean
 * of (the ratee's low goodness − 0.5), with one neutral pseudo-rating, shifted to [0, 1]. High: its
 * praise went to members established raters rate poorly; low: to members in good standing.
 * `skipTarget` drops ratings given to some users (the leak diagnosis of fraud-alpha-session5.ts).
 */
export function endorsement(
  g: Graph,
  low: Float64Array,
  skipTarget: (v: number) => boolean = () => false,
): Float64Array {
  const rater = ratersOf(g);
  const sum = new Float64Array(g.nodeCount);
  const mass = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const w = g.weights[e] as number;
    const v = g.targets[e] as number;
    if (w <= 0 || skipTarget(v)) continue;
    const u = rater[e] as number;
    sum[u] = (sum[u] as number) + w * ((low[v] as number) - 0.5);
    mass[u] = (mass[u] as number) + w;
  }
  return sum.map((s, u) => 0.5 + s / ((mass[u] as number) + 1));
}

/**
 * Mean of (low goodness − 0.5) of the users who rated this one positively, one neutral
 * pseudo-rating: praised by badly rated accounts.
 */
export function praisedByBadlyRated(g: Graph, low: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const sum = new Float64Array(g.nodeCount);
  const count = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.weights[e] as number) <= 0) continue;
    const v = g.targets[e] as number;
    sum[v] = (sum[v] as number) + (low[rater[e] as number] as number) - 0.5;
    count[v] = (count[v] as number) + 1;
  }
  return sum.map((s, v) => s / ((count[v] as number) + 1));
}

/**
 * Negative ratings received after the user's own last given rating, as a share of all received,
 * smoothed (an exit scammer stops trading; the complaints arrive after).
 */
export function negativesAfterExit(g: Graph): Float64Array {
  const times = g.times as Float64Array;
  const rater = ratersOf(g);
  const lastGiven = new Float64Array(g.nodeCount).fill(Number.NEGATIVE_INFINITY);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    lastGiven[u] = Math.max(lastGiven[u] as number, times[e] as number);
  }
  const after = new Float64Array(g.nodeCount);
  const received = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    received[v] = (received[v] as number) + 1;
    if ((g.weights[e] as number) < 0 && (times[e] as number) > (lastGiven[v] as number)) {
      after[v] = (after[v] as number) + 1;
    }
  }
  return after.map((a, v) => (a + 0.1) / ((received[v] as number) + 1));
}

/**
 * The established-rater mean with each rating weighed more the later it came among the user's
 * received ratings: weight × (1 + k · position / count).
 */
export function recencyWeightedMean(g: Graph, w: Float64Array, k: number): Float64Array {
  const times = g.times as Float64Array;
  const rater = ratersOf(g);
  const into: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) into[g.targets[e] as number]?.push(e);
  return Float64Array.from(into, (edges) => {
    edges.sort((a, b) => (times[a] as number) - (times[b] as number));
    let sum = 0;
    let weight = 0;
    edges.forEach((e, i) => {
      const x = (w[rater[e] as number] as number) * (1 + (k * (i + 1)) / edges.length);
      sum += x * (g.weights[e] as number);
      weight += x;
    });
    return sum / (weight + 1);
  });
}

/**
 * Retaliation: negative ratings a user gave to someone who had rated it negatively before.
 */
export function retaliationsGiven(g: Graph): Float64Array {
  const times = g.times as Float64Array;
  const rater = ratersOf(g);
  const negativeAt = new Map<number, number>();
  const n = g.nodeCount;
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.weights[e] as number) < 0)
      negativeAt.set((rater[e] as number) * n + (g.targets[e] as number), times[e] as number);
  }
  const count = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.weights[e] as number) >= 0) continue;
    const u = rater[e] as number;
    const before = negativeAt.get((g.targets[e] as number) * n + u);
    if (before !== undefined && before <= (times[e] as number)) count[u] = (count[u] as number) + 1;
  }
  return count;
}

/**
 * The established-rater mean with each rater's weight also multiplied by its consistency, 1 − (mean
 * |rating − ratee's established-rater mean| / 2, smoothed by one pseudo-rating of error 0.25), once.
 * REV2's fairness, without REV2's per-edge agreement term in goodness.
 */
export function consistencyWeightedMean(g: Graph, w: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const good = weightedMeanReceived(g, w);
  const error = new Float64Array(g.nodeCount);
  const count = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    const miss = Math.abs((g.weights[e] as number) - (good[g.targets[e] as number] as number)) / 2;
    error[u] = (error[u] as number) + miss;
    count[u] = (count[u] as number) + 1;
  }
  return weightedMeanReceived(
    g,
    w.map((x, u) => x * (1 - ((error[u] as number) + 0.25) / ((count[u] as number) + 1))),
  );
}

/**
 * The established-rater mean of (rating − the rater's own mean rating given, smoothed towards 0 by
 * `pseudo` ratings): a generous rater's +1 says less than a stingy one's.
 */
export function raterCentredMean(g: Graph, w: Float64Array, pseudo: number): Float64Array {
  const rater = ratersOf(g);
  const sum = new Float64Array(g.nodeCount);
  const count = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    sum[u] = (sum[u] as number) + (g.weights[e] as number);
    count[u] = (count[u] as number) + 1;
  }
  const own = sum.map((s, u) => s / ((count[u] as number) + pseudo));
  const total = new Float64Array(g.nodeCount);
  const weight = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    const v = g.targets[e] as number;
    total[v] =
      (total[v] as number) + (w[u] as number) * ((g.weights[e] as number) - (own[u] as number));
    weight[v] = (weight[v] as number) + (w[u] as number);
  }
  return total.map((t, v) => t / ((weight[v] as number) + 1));
}

/**
 * The established-rater mean with each negative rating weighed by how unusual a complaint is for its
 * rater: multiplier(u) = (p0 / rate(u))^a, rate(u) = (negatives(u) + κ·p0) / (given(u) + κ), p0 the
 * share of negative ratings in the log. `arbitraryScale` replaces it by 1 / (scale · rate(u)) with
 * rate(u) = (negatives + 0.1) / (given + 1): the first, unprincipled form tried.
 */
export function surprisalWeightedMean(
  g: Graph,
  w: Float64Array,
  a: number,
  kappa: number,
  arbitraryScale?: number,
): Float64Array {
  const rater = ratersOf(g);
  const given = new Float64Array(g.nodeCount);
  const negatives = new Float64Array(g.nodeCount);
  let all = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    given[u] = (given[u] as number) + 1;
    if ((g.weights[e] as number) < 0) {
      negatives[u] = (negatives[u] as number) + 1;
      all++;
    }
  }
  const p0 = all / Math.max(1, g.edgeCount);
  const multiplier = negatives.map((x, u) =>
    arbitraryScale === undefined
      ? (p0 / ((x + kappa * p0) / ((given[u] as number) + kappa))) ** a
      : 1 / (arbitraryScale * ((x + 0.1) / ((given[u] as number) + 1))),
  );
  const sum = new Float64Array(g.nodeCount);
  const weight = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    const v = g.targets[e] as number;
    const r = g.weights[e] as number;
    const x = (w[u] as number) * (r < 0 ? (multiplier[u] as number) : 1);
    sum[v] = (sum[v] as number) + x * r;
    weight[v] = (weight[v] as number) + x;
  }
  return sum.map((s, v) => s / ((weight[v] as number) + 1));
}
