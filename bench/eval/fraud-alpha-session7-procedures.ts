/**
 * Session 7's procedures for Bitcoin Alpha's fraudulent raters (docs/evaluation.md, "Session 7"). They
 * attack the variance of session 6's nested choice rather than look for a new signal: that procedure
 * picks one extra signal and its weight by training-fold AUC among 41 settings, and a 91-user
 * training fold often picks a different setting in each fold of a split (seed 2018: reception rate 0.5
 * in one, 0.75 in the other), so the two folds' scores are on different scales when pooled, and one
 * unlucky pick costs a whole fold.
 *
 * - `bagged`: the choice among settings repeated on bootstrap resamples of the training fold, the
 *   chosen settings' (standardised) scores averaged (bagging, Breiman 1996: averaging an unstable
 *   selector over resamples lowers its variance).
 * - `quantiles`: a fitted score replaced by its mid-rank among the evaluated users' scores (no label
 *   read), so the two folds' out-of-fold scores share a scale when pooled. Monotone inside a fold: it
 *   changes the pooled AUC only, never a fold's own.
 * - `propagated`: label propagation of the training labels over the positive ratings (Zhou et al.,
 *   "Learning with local and global consistency", NIPS 2003), its score for a training user computed
 *   from the other inner folds' labels only, so training and test users are scored alike.
 *
 * Each `fit` sees only the training fold's labels.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import type { Fitted, Procedure } from "./fraud-alpha-crossfit.js";
import {
  established,
  lowGoodness,
  ratersOf,
  weightedMeanReceived,
} from "./fraud-alpha-session5-features.js";
import { innerFolds } from "./fraud-alpha-session5-procedures.js";
import {
  distrustShare,
  firstMoverShare,
  lowWeightedMean,
  lukewarmShare,
  positiveTrust,
  receptionRate,
  weakestEndorsement,
} from "./fraud-alpha-session6-features.js";
import { rocAuc } from "./metrics.js";
import { seeded } from "./prng.js";

/**
 * The eight extra signals session 6's nested grid chose among (fraud-alpha-session6.ts, round 2), in
 * its order: the candidate pool, fixed before session 7.
 *
 * @example session6Extras(g).map(([name]) => name)[4] // "reception rate"
 */
export function session6Extras(g: Graph): [string, Float64Array][] {
  const est730 = established(g, 730);
  const low730 = lowGoodness(weightedMeanReceived(g, est730));
  const trust = positiveTrust(g, est730);
  return [
    ["short-lived 180", established(g, 180).map((x) => 1 - x)],
    ["short-lived × low", established(g, 180).map((x, u) => (1 - x) * (low730[u] as number))],
    ["lukewarm share", lukewarmShare(g, est730)],
    ["weakest endorsement", weakestEndorsement(g, est730)],
    ["reception rate", receptionRate(g)],
    ["first-mover share", firstMoverShare(g)],
    ["trusted-rater goodness", lowWeightedMean(g, trust)],
    ["distrust from the trusted", distrustShare(g, trust)],
  ];
}

/** A named score over every user, higher meaning more likely fraudulent. */
export interface Setting {
  readonly label: string;
  readonly score: Float64Array;
}

/**
 * Standardises a signal with the mean and sd over `over` (the evaluated users; no label read).
 *
 * @example const z = standardiser(users); z(signal) // mean 0, sd 1 over users
 */
export function standardiser(over: readonly number[]): (s: Float64Array) => Float64Array {
  return (s) => {
    const xs = over.map((u) => s[u] as number);
    const m = xs.reduce((t, x) => t + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((t, x) => t + (x - m) ** 2, 0) / xs.length) || 1;
    return s.map((x) => (x - m) / sd);
  };
}

/**
 * Session 6's nested settings: z(base) alone, and z(base) + w·z(extra) for every extra and w.
 *
 * @example nestedSettings(low, [["rate", rate]], [0.5], users).length // 2
 */
export function nestedSettings(
  base: Float64Array,
  extras: readonly (readonly [string, Float64Array])[],
  weights: readonly number[],
  over: readonly number[],
): Setting[] {
  const z = standardiser(over);
  const zb = z(base);
  const settings: Setting[] = [{ label: "base", score: zb }];
  for (const [name, s] of extras) {
    const ze = z(s);
    for (const w of weights) {
      settings.push({ label: `${w}·${name}`, score: zb.map((x, u) => x + w * (ze[u] as number)) });
    }
  }
  return settings;
}

/** The setting with the highest AUC on `sample` (first on ties), as session 6's grids chose. */
function best(
  settings: readonly Setting[],
  sample: readonly number[],
  label: (u: number) => boolean,
): number {
  const labels = sample.map(label);
  let chosen = 0;
  let top = -1;
  settings.forEach((s, i) => {
    const auc = rocAuc(
      sample.map((u) => s.score[u] as number),
      labels,
    );
    if (auc > top) {
      top = auc;
      chosen = i;
    }
  });
  return chosen;
}

/**
 * Bagged choice: `rounds` stratified bootstrap resamples of the training fold (each class resampled
 * with replacement to its own size, seed fixed), the best setting on each, and the mean of the chosen
 * settings' scores. The choice reports the settings picked most often.
 *
 * @example bagged("bagged nested", nestedSettings(low, extras, [0.5, 1], users), 50)
 */
export function bagged(method: string, settings: readonly Setting[], rounds: number): Procedure {
  return {
    method,
    fit(train, label) {
      const random = seeded(7);
      const classes = [train.filter(label), train.filter((u) => !label(u))];
      const n = settings[0]?.score.length ?? 0;
      const sum = new Float64Array(n);
      const picks = new Map<string, number>();
      for (let b = 0; b < rounds; b++) {
        const sample = classes.flatMap((c) =>
          c.map(() => c[Math.floor(random() * c.length)] as number),
        );
        const s = settings[best(settings, sample, label)] as Setting;
        picks.set(s.label, (picks.get(s.label) ?? 0) + 1);
        for (let u = 0; u < n; u++) sum[u] = (sum[u] as number) + (s.score[u] as number);
      }
      const top = [...picks]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([l, k]) => `${l} ×${k}`);
      return { score: (u) => (sum[u] as number) / rounds, choice: top.join(", ") };
    },
  };
}

/**
 * Wraps a procedure so its score is the mid-rank quantile among `over`'s scores under the same fit.
 *
 * @example quantiles(procedure, users).fit(train, label).score(u) // in [0, 1]
 */
export function quantiles(p: Procedure, over: readonly number[]): Procedure {
  return {
    method: `${p.method}, as quantiles among the evaluated users`,
    fit(train, label): Fitted {
      const fitted = p.fit(train, label);
      const sorted = Float64Array.from(over, fitted.score).sort();
      return {
        score: (u) => midQuantile(sorted, fitted.score(u)),
        choice: fitted.choice,
      };
    },
  };
}

/**
 * Label propagation (Zhou et al. 2003) over the positive ratings, undirected, each edge weighed by
 * its rating, symmetric normalisation: F ← α·S·F + (1 − α)·Y, 40 iterations, Y = +1 for a known
 * fraud, −1 for a known benign user, 0 otherwise. Higher means closer to known frauds.
 *
 * @example propagate(g, train, label, 0.8)[u] // > 0 when u's trading partners are mostly known frauds
 */
export function propagate(
  g: Graph,
  known: readonly number[],
  label: (u: number) => boolean,
  alpha: number,
): Float64Array {
  const n = g.nodeCount;
  const rater = ratersOf(g);
  const degree = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const w = g.weights[e] as number;
    if (w <= 0) continue;
    degree[rater[e] as number] = (degree[rater[e] as number] as number) + w;
    degree[g.targets[e] as number] = (degree[g.targets[e] as number] as number) + w;
  }
  const y = new Float64Array(n);
  for (const u of known) y[u] = label(u) ? 1 : -1;
  let f = Float64Array.from(y);
  for (let i = 0; i < 40; i++) {
    const next = y.map((x) => (1 - alpha) * x);
    for (let e = 0; e < g.edgeCount; e++) {
      const w = g.weights[e] as number;
      if (w <= 0) continue;
      const u = rater[e] as number;
      const v = g.targets[e] as number;
      const s = (alpha * w) / Math.sqrt((degree[u] as number) * (degree[v] as number));
      next[u] = (next[u] as number) + s * (f[v] as number);
      next[v] = (next[v] as number) + s * (f[u] as number);
    }
    f = next;
  }
  return f;
}

/**
 * z(base) + w·z(label propagation of the training labels), w among `weights` by training-fold AUC.
 * A training user's propagation score comes from the labels of the other four inner folds (its own
 * label would otherwise come back to it over two hops); a test user's from all training labels.
 */
export function propagated(
  method: string,
  g: Graph,
  base: Float64Array,
  weights: readonly number[],
  over: readonly number[],
  alpha = 0.8,
): Procedure {
  const z = standardiser(over);
  const zb = z(base);
  return {
    method,
    fit(train, label) {
      const fold = innerFolds(train, label);
      const heldOut = new Float64Array(g.nodeCount);
      for (let k = 0; k < 5; k++) {
        const f = propagate(
          g,
          train.filter((u) => fold.get(u) !== k),
          label,
          alpha,
        );
        for (const u of train) if (fold.get(u) === k) heldOut[u] = f[u] as number;
      }
      const full = propagate(g, train, label, alpha);
      const trainSet = new Set(train);
      // The scale of the propagation is standardised over the evaluated users' test-time scores.
      const zf = standardiser(over)(full);
      const scale = zScale(over, full);
      const lp = (u: number) =>
        trainSet.has(u) ? ((heldOut[u] as number) - scale.m) / scale.sd : (zf[u] as number);
      let chosen = 0;
      let top = -1;
      for (const w of weights) {
        const auc = rocAuc(
          train.map((u) => (zb[u] as number) + w * lp(u)),
          train.map(label),
        );
        if (auc > top) {
          top = auc;
          chosen = w;
        }
      }
      return {
        score: (u) => (zb[u] as number) + chosen * (zf[u] as number),
        choice: `w ${chosen}`,
      };
    },
  };
}

function zScale(over: readonly number[], s: Float64Array): { m: number; sd: number } {
  const xs = over.map((u) => s[u] as number);
  const m = xs.reduce((t, x) => t + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((t, x) => t + (x - m) ** 2, 0) / xs.length) || 1;
  return { m, sd };
}

/**
 * Gradient-boosted stumps (Friedman 2001, logistic loss, one split per round): `rounds` rounds with
 * shrinkage `rate`, each stump's split the best of every column's training-value quantiles (deciles)
 * by squared error on the residuals. Small on purpose: a 91-user training fold.
 *
 * @example boostedStumps("stumps", [low, rate], 30, 0.1)
 */
export function boostedStumps(
  method: string,
  columns: readonly Float64Array[],
  rounds: number,
  rate: number,
): Procedure {
  return {
    method,
    fit(train, label) {
      const y = train.map((u) => (label(u) ? 1 : 0));
      const prior = y.reduce((t: number, v) => t + v, 0) / y.length;
      const f0 = Math.log(prior / (1 - prior));
      const f = train.map(() => f0);
      const stumps: { j: number; cut: number; left: number; right: number }[] = [];
      const cuts = columns.map((c) => {
        const xs = train.map((u) => c[u] as number).sort((a, b) => a - b);
        return [
          ...new Set(
            Array.from(
              { length: 9 },
              (_, k) => xs[Math.floor(((k + 1) * xs.length) / 10)] as number,
            ),
          ),
        ];
      });
      for (let m = 0; m < rounds; m++) {
        const p = f.map((v) => 1 / (1 + Math.exp(-v)));
        const res = y.map((v, i) => v - (p[i] as number));
        let top = { j: 0, cut: 0, left: 0, right: 0, loss: Number.POSITIVE_INFINITY };
        columns.forEach((c, j) => {
          for (const cut of cuts[j] as number[]) {
            let sl = 0;
            let nl = 0;
            let sr = 0;
            let nr = 0;
            let hl = 0;
            let hr = 0;
            train.forEach((u, i) => {
              const h = (p[i] as number) * (1 - (p[i] as number));
              if ((c[u] as number) <= cut) {
                sl += res[i] as number;
                nl++;
                hl += h;
              } else {
                sr += res[i] as number;
                nr++;
                hr += h;
              }
            });
            if (nl === 0 || nr === 0) continue;
            // Squared-error gain of splitting the residuals (higher is better), negated as a loss.
            const loss = -((sl * sl) / nl + (sr * sr) / nr);
            if (loss < top.loss) {
              top = { j, cut, left: sl / Math.max(hl, 1e-9), right: sr / Math.max(hr, 1e-9), loss };
            }
          }
        });
        if (!Number.isFinite(top.loss)) break;
        stumps.push(top);
        const c = columns[top.j] as Float64Array;
        train.forEach((u, i) => {
          f[i] = (f[i] as number) + rate * ((c[u] as number) <= top.cut ? top.left : top.right);
        });
      }
      const score = (u: number) =>
        stumps.reduce(
          (t, s) => t + rate * ((columns[s.j]?.[u] as number) <= s.cut ? s.left : s.right),
          f0,
        );
      return { score, choice: `${stumps.length} stumps` };
    },
  };
}

/**
 * Reception burst (session 7, a rating-time pattern): the most ratings received inside any
 * `days`-day window, over (ratings received + 1). A hit-and-run account gets most of its ratings in
 * one short stretch; an established trader's are spread over months. Reads only ratings received.
 *
 * @example receptionBurst(g, 7)[u] // 0.75 for an account rated 3 times within one week and never again
 */
export function receptionBurst(g: Graph, days: number): Float64Array {
  const times = g.times as Float64Array;
  const into: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) into[g.targets[e] as number]?.push(times[e] as number);
  return Float64Array.from(into, (ts) => {
    ts.sort((a, b) => a - b);
    let most = 0;
    let start = 0;
    for (let i = 0; i < ts.length; i++) {
      while ((ts[i] as number) - (ts[start] as number) > days * 86_400) start++;
      most = Math.max(most, i - start + 1);
    }
    return most / (ts.length + 1);
  });
}

/**
 * Mid-rank quantile of every user's value among `over`'s values (no label read): a common scale for
 * averaging signals whose raw values are not comparable, computed over the evaluated users only, so
 * the thousands of users tied at 0 do not flatten it (session 5's objection to ranks over everyone).
 *
 * @example ranksOver(Float64Array.of(3, 1, 1, 9), [0, 1, 2]) // [0.833, 0.333, 0.333, 1]
 */
export function ranksOver(s: Float64Array, over: readonly number[]): Float64Array {
  const sorted = Float64Array.from(over, (u) => s[u] as number).sort();
  return s.map((x) => midQuantile(sorted, x));
}

/** The mid-rank quantile of `x` among `sorted` (ascending): (#below + #at or below) / 2 / n. */
function midQuantile(sorted: Float64Array, x: number): number {
  return (countBelow(sorted, x, true) + countBelow(sorted, x, false)) / 2 / sorted.length;
}

/** How many of `sorted` are below `x` (strict) or at most `x`, by binary search. */
function countBelow(sorted: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v < x || (!strict && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An AUC-weighted average: Σ max(0, training-fold AUC of the signal alone − 0.5)^power · signal. Every
 * signal of the pool enters, none is selected; a signal at chance on the training fold gets weight 0.
 * Over quantile-scaled signals (ranksOver) this is a weighted rank average.
 *
 * @example aucWeighted("avg", [ranksOver(low, users), ranksOver(rate, users)]).fit(train, label)
 */
export function aucWeighted(
  method: string,
  signals: readonly Float64Array[],
  power = 1,
): Procedure {
  return {
    method,
    fit(train, label) {
      const labels = train.map(label);
      const w = signals.map(
        (s) =>
          Math.max(
            0,
            rocAuc(
              train.map((u) => s[u] as number),
              labels,
            ) - 0.5,
          ) ** power,
      );
      return {
        score: (u) => signals.reduce((t, s, j) => t + (w[j] as number) * (s[u] as number), 0),
        choice: `weights ${w.map((x) => x.toFixed(2)).join(", ")}`,
      };
    },
  };
}
