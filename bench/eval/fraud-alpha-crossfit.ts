/**
 * Bitcoin Alpha fraudulent raters, cross-fitted: a figure over ALL labelled users in which no user is
 * scored by parameters chosen on that user's label.
 *
 * Protocol. The labelled users who rated someone are split into two folds, stratified by label. A
 * procedure chooses its parameters on fold A's labels and scores fold B, then the other way round;
 * the out-of-fold scores are pooled and one ROC-AUC and AP are computed over all labelled users
 * ("pooled"), next to the mean of the two folds' own AUCs ("fold mean", which does not assume the two
 * fitted scores share a scale). This is done for the seed-2018 split (the development / report halves
 * of fraud-alpha.ts) and for `repeats` further random splits (seeds 1..repeats), reported as mean,
 * standard deviation and range. Features are computed once from the ratings alone (no label); only the
 * choices below look at labels, and only at the training fold's.
 *
 * The procedures were fixed before their first run (session 4):
 * - grid: suspicion 2.0.0's own form (src/trust/fraud/suspicion.ts), the weights and the short-lived
 *   horizon chosen by training-fold AUC among 72 settings: horizon 90, 180, 365 or 730 days; weight of
 *   short-lived 0, 0.1, 0.2, 0.3, 0.45 or 0.6; young account 0, 0.04 or 0.1; low goodness the rest of
 *   0.94 (deviation 0.02, the other four 0.01 each, as in 2.0.0). The served 2.0.0 setting (180 days,
 *   0.2, 0.04) is one of them. This is the 2.0.0 design made mechanical, so it is what the "all"
 *   figure of 2.0.0 should have been.
 * - logistic: L2 logistic regression (λ = 1 or 10, standardised) over the eight suspicion signals,
 *   and over those plus the session-4 features (fraud-alpha-features.ts).
 * - forward: greedy forward selection of a rank average. Start empty; add the feature (suspicion
 *   signals and session-4 features, each as its rank among all users) whose addition raises the
 *   training-fold AUC most; stop at four features or when the gain is below 0.005.
 */
import {
  FRAUD_REASON_CODES,
  type FraudReasonCode,
  type SuspicionResult,
  scoreSuspicion,
  UNRATED_SUSPICION_WEIGHTS,
} from "../../src/trust/fraud/suspicion.js";
import type { Graph } from "../../src/trust/graph/csr.js";
import { establishedRaterMean, extraFeatures } from "./fraud-alpha-features.js";
import { datasetOf, fitLogistic, predictLogit } from "./logistic.js";
import { averagePrecision, rocAuc } from "./metrics.js";
import { seeded, shuffle } from "./prng.js";
import { ranks } from "./ranks.js";

const DAY = 86_400;

export interface CrossFitRow {
  readonly method: string;
  /** Seed-2018 split (development / report halves): pooled out-of-fold AUC and AP, fold-mean AUC. */
  readonly splitAuc: number;
  readonly splitAp: number;
  readonly splitFoldMeanAuc: number;
  /** Over the repeated random splits: pooled AUC mean, sd, min, max; AP mean; fold-mean AUC mean. */
  readonly meanAuc: number;
  readonly sdAuc: number;
  readonly minAuc: number;
  readonly maxAuc: number;
  readonly meanAp: number;
  readonly meanFoldMeanAuc: number;
  /** How many of the random splits reach the target, pooled AUC ≥ 0.90. */
  readonly splitsAtTarget: number;
  /** What the procedure chose on each fold of the seed-2018 split (development → report first). */
  readonly choices: readonly string[];
}

export interface CrossFitResult {
  readonly repeats: number;
  readonly users: number;
  readonly rows: readonly CrossFitRow[];
  /** Single-feature AUC over all labelled users of each session-4 feature (no fitting involved). */
  readonly featureAucs: readonly { readonly name: string; readonly auc: number }[];
}

/** A procedure: parameters from the training users' labels, then a score for every user. */
export interface Procedure {
  readonly method: string;
  fit(train: readonly number[], label: (u: number) => boolean): Fitted;
}

export interface Fitted {
  readonly score: (u: number) => number;
  readonly choice: string;
}

/**
 * Runs every procedure under both the seed-2018 split and `repeats` random ones.
 *
 * `fixed` names scores that choose nothing (baselines, the served score): their rows read the same
 * in every split and are there for the comparison.
 *
 * @example crossFitAlpha(g, users, label, development, 50).rows[0].meanAuc
 */
export function crossFitAlpha(
  g: Graph,
  users: readonly number[],
  label: (u: number) => boolean,
  development: ReadonlySet<number>,
  repeats: number,
  fixed: Readonly<Record<string, Float64Array>> = {},
): CrossFitResult {
  const procedures = [
    ...Object.entries(fixed).map(([method, s]) => fixedProcedure(method, s)),
    ...buildProcedures(g),
  ];
  const extras = extraFeatures(g);
  const labels = users.map(label);
  const fixedSplit: [number[], number[]] = [
    users.filter((u) => development.has(u)),
    users.filter((u) => !development.has(u)),
  ];
  const splits = Array.from({ length: repeats }, (_, i) => stratifiedHalves(users, label, i + 1));
  const rows = procedures.map((p): CrossFitRow => {
    const fixed = crossFit(p, fixedSplit, users, label);
    const runs = splits.map((s) => crossFit(p, s, users, label));
    const aucs = runs.map((r) => r.auc);
    const meanAuc = mean(aucs);
    return {
      method: p.method,
      splitAuc: fixed.auc,
      splitAp: fixed.ap,
      splitFoldMeanAuc: fixed.foldMeanAuc,
      meanAuc,
      sdAuc: Math.sqrt(mean(aucs.map((a) => (a - meanAuc) ** 2))),
      minAuc: Math.min(...aucs),
      maxAuc: Math.max(...aucs),
      meanAp: mean(runs.map((r) => r.ap)),
      meanFoldMeanAuc: mean(runs.map((r) => r.foldMeanAuc)),
      splitsAtTarget: aucs.filter((a) => a >= 0.9).length,
      choices: fixed.choices,
    };
  });
  return {
    repeats,
    users: users.length,
    rows,
    featureAucs: extras.names.map((name, i) => ({
      name,
      auc: rocAuc(
        users.map((u) => extras.values[i]?.[u] as number),
        labels,
      ),
    })),
  };
}

/**
 * One cross-fitted run: fit on each fold, score the other, pool.
 *
 * @example crossFit(procedure, stratifiedHalves(users, label, 1), users, label).auc
 */
export function crossFit(
  p: Procedure,
  [a, b]: readonly [readonly number[], readonly number[]],
  users: readonly number[],
  label: (u: number) => boolean,
): { auc: number; ap: number; foldMeanAuc: number; choices: string[] } {
  const pooled = new Map<number, number>();
  const foldAucs: number[] = [];
  const choices: string[] = [];
  for (const [train, test] of [
    [a, b],
    [b, a],
  ] as const) {
    const fitted = p.fit(train, label);
    choices.push(fitted.choice);
    const scores = test.map(fitted.score);
    test.forEach((u, i) => {
      pooled.set(u, scores[i] as number);
    });
    foldAucs.push(rocAuc(scores, test.map(label)));
  }
  const scores = users.map((u) => pooled.get(u) as number);
  const labels = users.map(label);
  return {
    auc: rocAuc(scores, labels),
    ap: averagePrecision(scores, labels),
    foldMeanAuc: mean(foldAucs),
    choices,
  };
}

/**
 * Two halves, each class split in two with the given seed.
 *
 * @example const [a, b] = stratifiedHalves(users, label, 1)
 */
export function stratifiedHalves(
  users: readonly number[],
  label: (u: number) => boolean,
  seed: number,
): [number[], number[]] {
  const random = seeded(seed);
  const a: number[] = [];
  const b: number[] = [];
  for (const cls of [true, false]) {
    const members = shuffle(
      random,
      users.filter((u) => label(u) === cls),
    );
    const half = members.length >> 1;
    a.push(...members.slice(0, half));
    b.push(...members.slice(half));
  }
  return [a, b];
}

function buildProcedures(g: Graph): Procedure[] {
  const horizons = [90, 180, 365, 730];
  const byHorizon = new Map<number, SuspicionResult>(
    horizons.map((h) => [h, scoreSuspicion(g, { behaviour: { establishedAfter: h * DAY } })]),
  );
  const served = byHorizon.get(180) as SuspicionResult;
  const extras = extraFeatures(g);
  const signalColumns = FRAUD_REASON_CODES.map((c) => served.signals[c]);
  const allColumns = [...signalColumns, ...extras.values];
  const allNames = [...FRAUD_REASON_CODES, ...extras.names];
  return [
    gridProcedure(byHorizon, false),
    gridProcedure(byHorizon, true, g),
    logisticProcedure("logistic, 8 suspicion signals, λ = 1", allNames, signalColumns, 1),
    logisticProcedure("logistic, 8 suspicion signals, λ = 10", allNames, signalColumns, 10),
    logisticProcedure("logistic, 8 signals + 7 session-4 features, λ = 1", allNames, allColumns, 1),
    logisticProcedure(
      "logistic, 8 signals + 7 session-4 features, λ = 10",
      allNames,
      allColumns,
      10,
    ),
    forwardProcedure(allNames, allColumns),
  ];
}

function fixedProcedure(method: string, score: Float64Array): Procedure {
  return { method, fit: () => ({ score: (u) => score[u] as number, choice: "(fixed)" }) };
}

const SHORT_LIVED = [0, 0.1, 0.2, 0.3, 0.45, 0.6];
const YOUNG = [0, 0.04, 0.1];

function gridProcedure(
  byHorizon: ReadonlyMap<number, SuspicionResult>,
  withEstablished: boolean,
  g?: Graph,
): Procedure {
  const settings: { label: string; score: Float64Array }[] = [];
  const sources: [string, SuspicionResult][] = [];
  for (const [h, s] of byHorizon) {
    sources.push([`${h} d, REV2 goodness`, s]);
    if (withEstablished && g !== undefined) {
      sources.push([`${h} d, established-rater mean`, withEstablishedGoodness(g, s)]);
    }
  }
  for (const [name, s] of sources) {
    for (const sl of SHORT_LIVED) {
      for (const y of YOUNG) {
        const weights: Record<FraudReasonCode, number> = {
          "low-goodness": 0.94 - sl - y,
          "unfair-rater": 0.01,
          deviation: 0.02,
          "extreme-ratings": 0.01,
          burst: 0.01,
          "young-account": y,
          "short-lived": sl,
          "reciprocal-ring": 0.01,
        };
        settings.push({
          label: `${name}, short-lived ${sl}, young ${y}`,
          score: mixedScore(s, weights),
        });
      }
    }
  }
  return {
    method: withEstablished
      ? "grid as above, goodness also from the established-rater mean (144 settings; added after round 1)"
      : "grid over suspicion 2.0.0's form (72 settings), chosen by training-fold AUC",
    fit: bestByTrainingAuc(settings),
  };
}

/**
 * The same signals with low goodness read from establishedRaterMean instead of REV2, and short-lived
 * weighed by that low goodness, as suspicion.ts does with REV2's.
 */
function withEstablishedGoodness(g: Graph, s: SuspicionResult): SuspicionResult {
  const mean = establishedRaterMean(g, s.behaviour.shortLived);
  const low = mean.map((m) => Math.min(1, Math.max(0, (1 - m) / 2)));
  return {
    ...s,
    signals: {
      ...s.signals,
      "low-goodness": low,
      "short-lived": s.behaviour.shortLived.map((x, u) => x * (low[u] as number)),
    },
  };
}

/** suspicion.ts's score for other weights on the rated side: rated·w + (1 − rated)·unrated. */
function mixedScore(s: SuspicionResult, weights: Record<FraudReasonCode, number>): Float64Array {
  const score = new Float64Array(s.score.length);
  for (const c of FRAUD_REASON_CODES) {
    const signal = s.signals[c];
    const unrated = UNRATED_SUSPICION_WEIGHTS[c];
    for (let u = 0; u < score.length; u++) {
      const r = s.rated[u] as number;
      score[u] =
        (score[u] as number) + (r * weights[c] + (1 - r) * unrated) * (signal[u] as number);
    }
  }
  return score;
}

function logisticProcedure(
  method: string,
  names: readonly string[],
  columns: readonly Float64Array[],
  lambda: number,
): Procedure {
  const data = datasetOf(columns);
  const n = data.rows;
  const d = data.columns;
  return {
    method,
    fit(train, label) {
      const labels = Array.from({ length: n }, (_, u) => label(u));
      const model = fitLogistic(data, labels, Uint32Array.from(train), { lambda });
      const all = predictLogit(
        model,
        data,
        Uint32Array.from({ length: n }, (_, u) => u),
      );
      const top = Array.from(model.weights.subarray(0, d))
        .map((w, j) => [j, w] as const)
        .sort((p, q) => Math.abs(q[1]) - Math.abs(p[1]))
        .slice(0, 3)
        .map(([j, w]) => `${names[j]} ${w.toFixed(2)}`)
        .join(", ");
      return { score: (u) => all[u] as number, choice: `largest weights ${top}` };
    },
  };
}

function forwardProcedure(names: readonly string[], columns: readonly Float64Array[]): Procedure {
  const ranked = columns.map(ranks);
  return {
    method:
      "forward selection of a rank average (≤ 4 features, gain ≥ 0.005), on the training fold",
    fit(train, label) {
      const labels = train.map(label);
      const chosen: number[] = [];
      let current = 0.5;
      const sum = new Float64Array(train.length);
      while (chosen.length < 4) {
        let bestJ = -1;
        let bestAuc = current;
        for (let j = 0; j < ranked.length; j++) {
          if (chosen.includes(j)) continue;
          const r = ranked[j] as Float64Array;
          const auc = rocAuc(
            train.map((u, i) => (sum[i] as number) + (r[u] as number)),
            labels,
          );
          if (auc > bestAuc) {
            bestAuc = auc;
            bestJ = j;
          }
        }
        if (bestJ < 0 || bestAuc - current < 0.005) break;
        chosen.push(bestJ);
        current = bestAuc;
        const r = ranked[bestJ] as Float64Array;
        train.forEach((u, i) => {
          sum[i] = (sum[i] as number) + (r[u] as number);
        });
      }
      const picked = chosen.map((j) => ranked[j] as Float64Array);
      return {
        score: (u) =>
          picked.length === 0
            ? 0
            : picked.reduce((t, r) => t + (r[u] as number), 0) / picked.length,
        choice: chosen.map((j) => names[j]).join(" + ") || "(none)",
      };
    },
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((t, v) => t + v, 0) / values.length;
}

/**
 * A procedure's fit that picks, among fixed scores, the one with the highest AUC on the training fold.
 *
 * @example const fit = bestByTrainingAuc([{ label: "h=365", score }, { label: "h=730", score: other }])
 */
export function bestByTrainingAuc(
  settings: readonly { label: string; score: Float64Array }[],
): Procedure["fit"] {
  return (train, label) => {
    const labels = train.map(label);
    let chosen = settings[0] as { label: string; score: Float64Array };
    let top = -1;
    for (const s of settings) {
      const auc = rocAuc(
        train.map((u) => s.score[u] as number),
        labels,
      );
      if (auc > top) {
        top = auc;
        chosen = s;
      }
    }
    return { score: (u) => chosen.score[u] as number, choice: chosen.label };
  };
}
