/**
 * The procedures session 5 cross-fitted for Bitcoin Alpha's leak-reduced target (run by
 * fraud-alpha-session5.ts): grids over the established-rater goodness, short-lived and endorsement,
 * and L2 logistic regressions whose λ is chosen by 5-fold cross-validation inside the training fold.
 * Each `fit` sees only the training fold's labels.
 */
import { scoreSuspicion } from "../../src/trust/fraud/suspicion.js";
import type { Graph } from "../../src/trust/graph/csr.js";
import { bestByTrainingAuc, type Procedure } from "./fraud-alpha-crossfit.js";
import {
  established,
  lowGoodness,
  negativesAfterExit,
  praisedByBadlyRated,
  ratersOf,
  surprisalWeightedMean,
  weightedMeanReceived,
} from "./fraud-alpha-session5-features.js";
import { datasetOf, fitLogistic, predictLogit } from "./logistic.js";
import { rocAuc } from "./metrics.js";
import { ranks } from "./ranks.js";

/** The rows of methodScores (fraud-alpha.ts) repeated as baselines. */
export const BASELINES = [
  "mean rating received (baseline)",
  "out-degree (baseline)",
  "PageRank, positive edges (baseline)",
  "Fairness–Goodness: goodness (baseline)",
  "REV2 goodness",
  "suspicion score 1.1.0 (previous default, weights fixed a priori)",
  "suspicion score 2.0.0 (default; weights chosen on the development half)",
];

export interface Features {
  readonly candidates: Readonly<Record<string, Float64Array>>;
  /** Low goodness from the established-rater mean, by horizon in days (180, 365, 730). */
  readonly low: ReadonlyMap<number, Float64Array>;
  /** Short-lived (1 − span / horizon, floored at 0), by horizon in days (90, 180, 365). */
  readonly short: ReadonlyMap<number, Float64Array>;
  readonly endorse: ReadonlyMap<number, Float64Array>;
}

export function procedureSet(g: Graph, f: Features): Procedure[] {
  const low730 = f.low.get(730) as Float64Array;
  const short180 = f.short.get(180) as Float64Array;
  const shortLow = short180.map((x, u) => x * (low730[u] as number));
  const n = g.nodeCount;
  const given = Float64Array.from({ length: n }, (_, u) => {
    return (g.offsets[u + 1] as number) - (g.offsets[u] as number);
  });
  const variants: [string, Float64Array][] = [];
  for (const h of [180, 365, 730]) {
    const e = established(g, h);
    variants.push([`established ${h} d`, f.low.get(h) as Float64Array]);
    for (const k of [5, 20]) {
      const w = e.map((x, u) => x * Math.min(1, (given[u] as number) / k));
      variants.push([`established ${h} d × given/${k}`, lowGoodness(weightedMeanReceived(g, w))]);
    }
  }
  const surprisal: [string, Float64Array][] = [];
  for (const h of [180, 365, 730]) {
    for (const a of [0, 0.5, 1]) {
      for (const kappa of a === 0 ? [5] : [5, 20]) {
        const mean = surprisalWeightedMean(g, established(g, h), a, kappa);
        surprisal.push([`established ${h} d, complaints ^${a}, κ ${kappa}`, lowGoodness(mean)]);
      }
    }
  }
  const negativeShare = weightedMeanReceived(g, established(g, 730), (x) => (x < 0 ? 1 : 0));
  const suspicion = scoreSuspicion(g);
  const clean = [
    low730,
    short180,
    suspicion.signals["young-account"],
    negativesAfterExit(g),
    praisedByBadlyRated(g, low730),
  ];
  return [
    grid("grid: goodness horizon × short-lived horizon and weight", f, false),
    grid("grid as above + endorsement weight 0–0.4", f, true),
    grid2("grid: goodness rater weights (9) × short-lived weight", variants, short180),
    grid2("grid: complaint-surprisal goodness (15) × short-lived weight", surprisal, short180),
    ratingEvidence(g, "rating-value evidence table (5 bins), learned on the training fold", 5),
    ratingEvidence(g, "rating-value evidence table (8 bins), learned on the training fold", 8),
    logisticCv("logistic (λ by inner CV): low goodness 730, short-lived × low", [low730, shortLow]),
    logisticCv("logistic (λ by inner CV): + established negative share, praised by badly rated", [
      low730,
      shortLow,
      negativeShare,
      praisedByBadlyRated(g, low730),
    ]),
    logisticCv(
      "logistic (λ by inner CV) on ranks: low goodness 730, short-lived, young account, complaints after exit, praised by badly rated",
      clean.map(ranks),
    ),
    rankWeights(
      "rank average, weights 0–3 per signal chosen by 5-fold CV inside the training fold, same five signals",
      clean.map(ranks),
    ),
    logisticCv("logistic (λ by inner CV): low goodness 730, short-lived × low, endorsement", [
      low730,
      shortLow,
      f.endorse.get(730) as Float64Array,
    ]),
    logisticCv("logistic (λ by inner CV): as above + the eight 2.0.0 signals", [
      low730,
      shortLow,
      f.endorse.get(730) as Float64Array,
      ...Object.values(suspicion.signals),
    ]),
  ];
}

export function fixed(method: string, s: Float64Array): Procedure {
  return { method, fit: () => ({ score: (u) => s[u] as number, choice: "(fixed)" }) };
}

/** (1 − ws − we) · low + ws · short · low + we · endorsement, on the training fold's AUC. */
function grid(method: string, f: Features, withEndorsement: boolean): Procedure {
  const settings: { label: string; score: Float64Array }[] = [];
  for (const h of [180, 365, 730]) {
    for (const sh of [90, 180, 365]) {
      for (const ws of [0, 0.1, 0.2, 0.3]) {
        for (const we of withEndorsement ? [0, 0.1, 0.2, 0.3, 0.4] : [0]) {
          const low = f.low.get(h) as Float64Array;
          const short = f.short.get(sh) as Float64Array;
          const e = f.endorse.get(h) as Float64Array;
          settings.push({
            label: `goodness ${h} d, short-lived ${sh} d ${ws}, endorsement ${we}`,
            score: low.map(
              (x, u) => (1 - ws - we) * x + ws * (short[u] as number) * x + we * (e[u] as number),
            ),
          });
        }
      }
    }
  }
  return { method: `${method} (${settings.length} settings)`, fit: bestByTrainingAuc(settings) };
}

function grid2(method: string, variants: [string, Float64Array][], short: Float64Array): Procedure {
  const settings = variants.flatMap(([name, low]) =>
    [0, 0.1, 0.2].map((ws) => ({
      label: `${name}, short-lived ${ws}`,
      score: low.map((x, u) => (1 - ws) * x + ws * (short[u] as number) * x),
    })),
  );
  return { method: `${method} (${settings.length} settings)`, fit: bestByTrainingAuc(settings) };
}

/**
 * The 5 inner folds for choosing λ, stratified: the training fold's positives, then its negatives,
 * dealt round-robin (the k-th user in that order goes to fold k mod 5).
 */
export function innerFolds(
  train: readonly number[],
  label: (u: number) => boolean,
): Map<number, number> {
  const ordered = [...train.filter(label), ...train.filter((u) => !label(u))];
  return new Map(ordered.map((u, i) => [u, i % 5]));
}

/** L2 logistic regression, λ among 0.1, 1, 10, 100 by 5-fold CV inside the training fold. */
export function logisticCv(method: string, columns: readonly Float64Array[]): Procedure {
  const data = datasetOf(columns);
  const n = data.rows;
  const d = data.columns;
  return {
    method,
    fit(train, label) {
      const labels = Array.from({ length: n }, (_, u) => label(u));
      const fold = innerFolds(train, label);
      let lambda = 1;
      let top = -1;
      for (const l of [0.1, 1, 10, 100]) {
        let sum = 0;
        for (let k = 0; k < 5; k++) {
          const inner = train.filter((u) => fold.get(u) !== k);
          const held = train.filter((u) => fold.get(u) === k);
          const model = fitLogistic(data, labels, Uint32Array.from(inner), { lambda: l });
          sum += rocAuc(predictLogit(model, data, Uint32Array.from(held)), held.map(label));
        }
        if (sum / 5 > top) {
          top = sum / 5;
          lambda = l;
        }
      }
      const model = fitLogistic(data, labels, Uint32Array.from(train), { lambda });
      const all = predictLogit(
        model,
        data,
        Uint32Array.from({ length: n }, (_, u) => u),
      );
      const w = Array.from(model.weights.subarray(0, d), (v) => v.toFixed(2)).join(", ");
      return { score: (u) => all[u] as number, choice: `λ ${lambda}, weights ${w}` };
    },
  };
}

/** Rating bins: 5 (≤ −5, < 0, 1, 2–3, ≥ 4) or 8 (≤ −8, ≤ −3, < 0, 1, 2, 3–4, 5–7, ≥ 8), on −10..10. */
function ratingBin(rating: number, bins: 5 | 8): number {
  const v = Math.round(rating * 10);
  if (bins === 5) return v <= -5 ? 0 : v < 0 ? 1 : v <= 1 ? 2 : v <= 3 ? 3 : 4;
  if (v <= -8) return 0;
  if (v <= -3) return 1;
  if (v < 0) return 2;
  if (v <= 2) return v + 2;
  return v <= 4 ? 5 : v <= 7 ? 6 : 7;
}

/**
 * What a rating of each size says, learned on the training fold (naive Bayes): the log ratio of how
 * often a bin lands on fraudulent and on benign training users, ratings weighed by how established
 * the rater is (2 years), Jeffreys-smoothed. A user's score is the established-weighted mean of its
 * ratings' log ratios with one neutral pseudo-rating. It asks whether +1 ("the trade went fine")
 * means something else than +5 or +10 here.
 */
function ratingEvidence(g: Graph, method: string, bins: 5 | 8): Procedure {
  const weight = established(g, 730);
  const rater = ratersOf(g);
  const key = Int32Array.from(g.weights, (w) => ratingBin(w, bins));
  const into: number[][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) into[g.targets[e] as number]?.push(e);
  return {
    method,
    fit(train, label) {
      const fraud = new Float64Array(bins).fill(0.5);
      const benign = new Float64Array(bins).fill(0.5);
      for (const u of train) {
        const counts = label(u) ? fraud : benign;
        for (const e of into[u] ?? []) {
          const k = key[e] as number;
          counts[k] = (counts[k] as number) + (weight[rater[e] as number] as number);
        }
      }
      const total = (a: Float64Array) => a.reduce((t, x) => t + x, 0);
      const [tf, tb] = [total(fraud), total(benign)];
      const llr = Array.from(fraud, (x, k) => Math.log(x / tf / ((benign[k] as number) / tb)));
      const score = Float64Array.from(into, (edges) => {
        let sum = 0;
        let w = 0;
        for (const e of edges) {
          const x = weight[rater[e] as number] as number;
          sum += x * (llr[key[e] as number] as number);
          w += x;
        }
        return sum / (w + 1);
      });
      return {
        score: (u) => score[u] as number,
        choice: `log ratios ${llr.map((x) => x.toFixed(2)).join(", ")}`,
      };
    },
  };
}

/**
 * A weighted rank average: each signal's weight among 0, 1, 2, 3 (goodness's fixed at 3), the setting
 * chosen by the mean AUC of 5 inner folds of the training fold (the folds only pick, nothing is fitted
 * inside them), then scored on the whole training fold's choice.
 */
function rankWeights(method: string, columns: readonly Float64Array[]): Procedure {
  const settings: number[][] = [[3]];
  for (let j = 1; j < columns.length; j++) {
    const next: number[][] = [];
    for (const s of settings) for (const w of [0, 1, 2, 3]) next.push([...s, w]);
    settings.splice(0, settings.length, ...next);
  }
  const scoreOf = (weights: readonly number[], u: number) =>
    weights.reduce((t, w, j) => t + w * (columns[j]?.[u] as number), 0);
  return {
    method,
    fit(train, label) {
      const ordered = [...train.filter(label), ...train.filter((u) => !label(u))];
      const fold = new Map(ordered.map((u, i) => [u, i % 5]));
      let chosen = settings[0] as number[];
      let top = -1;
      for (const weights of settings) {
        let sum = 0;
        for (let k = 0; k < 5; k++) {
          const held = train.filter((u) => fold.get(u) === k);
          sum += rocAuc(
            held.map((u) => scoreOf(weights, u)),
            held.map(label),
          );
        }
        if (sum > top) {
          top = sum;
          chosen = weights;
        }
      }
      return { score: (u) => scoreOf(chosen, u), choice: `weights ${chosen.join(", ")}` };
    },
  };
}
