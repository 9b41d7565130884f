/**
 * Session 6's signals for Bitcoin Alpha's fraudulent raters (docs/evaluation.md, "Session 6"). Two
 * label-free ones, computed from the ratings alone, and one transductive one that reads the TRAINING
 * fold's labels (never the scored user's own):
 *
 * - trust propagated over positive ratings (a PageRank whose walk follows positive ratings, weighed by
 *   the rating, restarting at established accounts): a signed-network "trust" of each rater. The
 *   trusted raters' mean rating received is goodness with rater weights from the whole network, not
 *   only from the rater's own account age (session 4's established-rater mean).
 * - distrust from the trusted: the trusted-weighted share of a user's received rating mass that is
 *   negative. Balance theory reads a negative rating from a well-trusted member as strong evidence.
 * - neighbour evidence (transductive): the labels of the training users a user traded with. Fraud
 *   in this market comes in rings and alt accounts, so a positive rating exchanged with a known fraud
 *   is evidence of fraud, and a negative rating received from a known benign trader is a complaint
 *   from someone whose word is established.
 *
 * Every score is oriented so that higher means "more likely fraudulent". Ratings are on [-1, 1].
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { ratersOf, weightedMeanReceived } from "./fraud-alpha-session5-features.js";

/**
 * Personalised PageRank over positive ratings, each edge weighed by its rating, restarting in
 * proportion to `restart` (an account's establishment); dangling mass restarts too. Scaled so that the
 * mean over nodes with positive restart weight is 1 (a rater weight, not a probability).
 *
 * @example const t = positiveTrust(g, established(g, 730)) // t[u] ≈ 1 for an average established rater
 */
export function positiveTrust(
  g: Graph,
  restart: Float64Array,
  damping = 0.85,
  iterations = 60,
): Float64Array {
  const n = g.nodeCount;
  const rater = ratersOf(g);
  const outMass = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const w = g.weights[e] as number;
    if (w > 0) outMass[rater[e] as number] = (outMass[rater[e] as number] as number) + w;
  }
  let total = 0;
  for (const x of restart) total += x;
  const p = restart.map((x) => x / total);
  let t = Float64Array.from(p);
  for (let i = 0; i < iterations; i++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let u = 0; u < n; u++) if ((outMass[u] as number) === 0) dangling += t[u] as number;
    for (let e = 0; e < g.edgeCount; e++) {
      const w = g.weights[e] as number;
      if (w <= 0) continue;
      const u = rater[e] as number;
      const v = g.targets[e] as number;
      next[v] = (next[v] as number) + (damping * (t[u] as number) * w) / (outMass[u] as number);
    }
    for (let v = 0; v < n; v++) {
      next[v] = (next[v] as number) + (1 - damping + damping * dangling) * (p[v] as number);
    }
    t = next;
  }
  let seeds = 0;
  let mass = 0;
  restart.forEach((x, u) => {
    if (x > 0) {
      seeds++;
      mass += t[u] as number;
    }
  });
  return t.map((x) => (x * seeds) / mass);
}

/**
 * Mean rating received with rater weights `w` (one neutral pseudo-rating of weight 1), negated:
 * higher is worse rated. The established-rater mean of session 4 with other weights.
 */
export function lowWeightedMean(g: Graph, w: Float64Array): Float64Array {
  // Session 5's mean with its defaults (identity, pseudo 1 at 0): (s + 1·0) / (weight + 1) is the same
  // float as s / (weight + 1), and −(s / t) as −s / t; weights here are ≥ 0, so the total is never 0.
  return weightedMeanReceived(g, w).map((x) => -x);
}

/**
 * Distrust from the trusted: Σ over negative ratings received of w(rater)·|r|, over Σ over all
 * ratings received of w(rater)·|r| plus one pseudo-rating of weight 1 (no evidence → 0).
 */
export function distrustShare(g: Graph, w: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const negative = new Float64Array(g.nodeCount);
  const all = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.weights[e] as number;
    const v = g.targets[e] as number;
    const x = (w[rater[e] as number] as number) * Math.abs(r);
    all[v] = (all[v] as number) + x;
    if (r < 0) negative[v] = (negative[v] as number) + x;
  }
  return negative.map((x, v) => x / ((all[v] as number) + 1));
}

/**
 * Neighbour evidence from the training fold's labels: for each user, edges (either direction) to
 * labelled training users, counted as fraud-indicating (a positive rating exchanged with a known
 * fraud; a negative rating received from a known benign user) or benign-indicating (a positive rating
 * exchanged with a known benign user). Returns (fraud + prior) / (fraud + benign + 1), prior the
 * training fold's fraud rate: with no labelled neighbour, the prior. A user's own label is never read
 * (no rating is to oneself), so training and test users see the same kind of evidence.
 *
 * @example neighbourEvidence(g, train, label)[u] // > prior when u traded with known frauds
 */
export function neighbourEvidence(
  g: Graph,
  train: readonly number[],
  label: (u: number) => boolean,
): Float64Array {
  const n = g.nodeCount;
  const known = new Int8Array(n); // 0 unknown, 1 fraud, -1 benign
  let frauds = 0;
  for (const u of train) {
    known[u] = label(u) ? 1 : -1;
    if (label(u)) frauds++;
  }
  const prior = frauds / train.length;
  const rater = ratersOf(g);
  const fraud = new Float64Array(n);
  const benign = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.weights[e] as number;
    const u = rater[e] as number;
    const v = g.targets[e] as number;
    if (r > 0) {
      // u praised v: each end learns from the other's label.
      for (const [self, other] of [
        [u, v],
        [v, u],
      ] as const) {
        if (known[other] === 1) fraud[self] = (fraud[self] as number) + 1;
        else if (known[other] === -1) benign[self] = (benign[self] as number) + 1;
      }
    } else if (r < 0 && known[u] === -1) {
      fraud[v] = (fraud[v] as number) + 1;
    }
  }
  return fraud.map((f, u) => (f + prior) / (f + (benign[u] as number) + 1));
}

/**
 * Reception rate (round 2, added after round 1): ratings received per day of the account's active
 * span, count / (1 + span in days), the span from first to last appearance as rater or rated. A
 * hit-and-run account collects its ratings in a few days; short-lived (1 − span / horizon) cannot tell
 * a one-day account from a one-month one, this can.
 *
 * @example receptionRate(g)[u] // 3 for an account rated 6 times within its first day
 */
export function receptionRate(g: Graph): Float64Array {
  const received = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    received[v] = (received[v] as number) + 1;
  }
  return perDayOfSpan(g, received);
}

/**
 * Each account's active span: the times of its first and last appearance as rater or rated
 * (+∞ and −∞ for an account in no rating).
 */
export function activeSpans(g: Graph): { first: Float64Array; last: Float64Array } {
  const times = g.times as Float64Array;
  const rater = ratersOf(g);
  const first = new Float64Array(g.nodeCount).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(g.nodeCount).fill(Number.NEGATIVE_INFINITY);
  for (let e = 0; e < g.edgeCount; e++) {
    for (const u of [rater[e] as number, g.targets[e] as number]) {
      first[u] = Math.min(first[u] as number, times[e] as number);
      last[u] = Math.max(last[u] as number, times[e] as number);
    }
  }
  return { first, last };
}

/** count / (1 + active span in days), 0 for no count: receptionRate's and givingRate's rate. */
function perDayOfSpan(g: Graph, count: Float64Array): Float64Array {
  const { first, last } = activeSpans(g);
  return count.map((c, u) =>
    c === 0 ? 0 : c / (1 + ((last[u] as number) - (first[u] as number)) / 86_400),
  );
}

/**
 * The strongest endorsement from an established rater, negated (round 2): −max over ratings received
 * of rating × the rater's establishment, 0 when none is positive.
 */
export function weakestEndorsement(g: Graph, establishedness: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const best = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    const x = (g.weights[e] as number) * (establishedness[rater[e] as number] as number);
    if (x > (best[v] as number)) best[v] = x;
  }
  return best.map((x) => -x);
}

/**
 * Lukewarm share (round 2 screen): the established-weighted share of ratings received that are at
 * most +1 (a +1 on this scale says "traded, no more"), one pseudo-rating at 0.
 */
export function lukewarmShare(g: Graph, establishedness: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const lukewarm = new Float64Array(g.nodeCount);
  const weight = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    const w = establishedness[rater[e] as number] as number;
    weight[v] = (weight[v] as number) + w;
    // ≤ 0.15, not ≤ 0.1: ratings are float32, and float32(0.1) is above 0.1.
    if ((g.weights[e] as number) <= 0.15) lukewarm[v] = (lukewarm[v] as number) + w;
  }
  return lukewarm.map((x, v) => x / ((weight[v] as number) + 1));
}

/**
 * First-mover share (round 2 screen): over the pairs a user rated in both directions, the share in
 * which it rated first, (first + 0.5) / (pairs + 1). Reads ratings the user gave.
 */
export function firstMoverShare(g: Graph): Float64Array {
  const times = g.times as Float64Array;
  const rater = ratersOf(g);
  const n = g.nodeCount;
  const at = new Map<number, number>();
  for (let e = 0; e < g.edgeCount; e++) {
    const key = (rater[e] as number) * n + (g.targets[e] as number);
    at.set(key, Math.min(at.get(key) ?? Number.POSITIVE_INFINITY, times[e] as number));
  }
  const first = new Float64Array(n);
  const pairs = new Float64Array(n);
  for (const [key, time] of at) {
    const u = Math.floor(key / n);
    const back = at.get((key % n) * n + u);
    if (back === undefined) continue;
    pairs[u] = (pairs[u] as number) + 1;
    if (time < back) first[u] = (first[u] as number) + 1;
  }
  return first.map((f, u) => (f + 0.5) / ((pairs[u] as number) + 1));
}

/**
 * Round 3: REV2's fairness with the rater's own rating left out of the consensus it is judged by. A
 * rating u → v is compared with v's established-rater mean WITHOUT u's rating (with one neutral
 * pseudo-rating), error |r − consensus| / 2; unfairness is the mean error with one pseudo-rating at
 * the log's mean error. REV2 includes the rating in the ratee's goodness, which flatters the only
 * rater of a barely rated user.
 */
export function leaveOneOutUnfairness(g: Graph, establishedness: Float64Array): Float64Array {
  const rater = ratersOf(g);
  const n = g.nodeCount;
  const sum = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    const w = establishedness[rater[e] as number] as number;
    sum[v] = (sum[v] as number) + w * (g.weights[e] as number);
    weight[v] = (weight[v] as number) + w;
  }
  const error = new Float64Array(n);
  const count = new Float64Array(n);
  let all = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    const v = g.targets[e] as number;
    const r = g.weights[e] as number;
    const w = establishedness[u] as number;
    const consensus = ((sum[v] as number) - w * r) / ((weight[v] as number) - w + 1);
    const miss = Math.abs(r - consensus) / 2;
    error[u] = (error[u] as number) + miss;
    count[u] = (count[u] as number) + 1;
    all += miss;
  }
  const prior = all / Math.max(1, g.edgeCount);
  return error.map((x, u) => (x + prior) / ((count[u] as number) + 1));
}

/**
 * Round 3: unreturned praise, 1 − the share of the users who rated this one positively that it rated
 * positively too, (returned + 0.5) / (praised + 1). An honest trader returns a trade's rating.
 */
export function unreturnedPraise(g: Graph): Float64Array {
  const rater = ratersOf(g);
  const n = g.nodeCount;
  const positive = new Set<number>();
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.weights[e] as number) > 0)
      positive.add((rater[e] as number) * n + (g.targets[e] as number));
  }
  const praised = new Float64Array(n);
  const returned = new Float64Array(n);
  for (const key of positive) {
    const u = Math.floor(key / n);
    const v = key % n;
    praised[v] = (praised[v] as number) + 1;
    if (positive.has(v * n + u)) returned[v] = (returned[v] as number) + 1;
  }
  return returned.map((x, v) => 1 - (x + 0.5) / ((praised[v] as number) + 1));
}

/** Round 3: ratings given per day of the active span, count / (1 + span in days). */
export function givingRate(g: Graph): Float64Array {
  const rater = ratersOf(g);
  const given = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const u = rater[e] as number;
    given[u] = (given[u] as number) + 1;
  }
  return perDayOfSpan(g, given);
}
