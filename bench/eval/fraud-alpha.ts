/**
 * Bitcoin Alpha fraudulent raters (REV2's task): score every user, report ROC-AUC and average
 * precision of "fraudulent" over labelled users who rated someone, for the full data and for the
 * leak-reduced protocol (every rating given by the label sources dropped; see label-sources.ts).
 *
 * The labelled users are split once, stratified by label with a fixed seed, into a development half
 * and a report half. Design decisions after the first run were made on the development half only,
 * and the one supervised method (suspicion signals weighed by a logistic regression) is fitted on the
 * development half; the report-half columns are the ones no decision has seen.
 */

import { behaviourSignals } from "../../src/trust/fraud/behaviour.js";
import { fairnessGoodness } from "../../src/trust/fraud/fairness-goodness.js";
import { rev2 } from "../../src/trust/fraud/rev2.js";
import {
  FRAUD_REASON_CODES,
  SUSPICION_VERSION,
  type SuspicionResult,
  type SuspicionWeights,
  scoreSuspicion,
  UNRATED_SUSPICION_WEIGHTS,
} from "../../src/trust/fraud/suspicion.js";
import { buildGraph, type EdgeList, type Graph } from "../../src/trust/graph/csr.js";
import { pagerank } from "../../src/trust/rank/pagerank.js";
import type { BitcoinAlpha } from "../data/bitcoin-alpha.js";
import { CANDIDATE_SIGNALS } from "./fraud-alpha-candidates.js";
import { type CrossFitResult, crossFitAlpha } from "./fraud-alpha-crossfit.js";
import { findLabelSources, type LabelSources } from "./label-sources.js";
import { fitLogistic, predictLogit } from "./logistic.js";
import { averagePrecision, rocAuc } from "./metrics.js";
import { seeded, shuffle } from "./prng.js";

export interface MethodScore {
  readonly method: string;
  /** Over all labelled users who rated someone (NaN for the fitted method). */
  readonly auc: number;
  readonly ap: number;
  /** Over the report half only. */
  readonly reportAuc: number;
  readonly reportAp: number;
}

export interface AlphaProtocolResult {
  readonly protocol: string;
  readonly ratings: number;
  readonly evaluated: number;
  readonly fraudulent: number;
  readonly reportEvaluated: number;
  readonly reportFraudulent: number;
  readonly methods: readonly MethodScore[];
  /** Weights the logistic regression gave each signal (standardised), for the record. */
  readonly fittedWeights: Readonly<Record<string, number>>;
  /** Signals tried during the design (fraud-alpha-candidates.ts), on the development half only. */
  readonly candidates: readonly {
    readonly method: string;
    readonly devAuc: number;
    readonly devAp: number;
  }[];
  /** Cross-fitted over all labelled users (fraud-alpha-crossfit.ts). */
  readonly crossFit: CrossFitResult;
}

/** Members at or above the moderation threshold (DEFAULT_FLAG_AT of src/store/trust, 0.5). */
export interface FlagCount {
  readonly version: string;
  readonly flagged: number;
  readonly fraudulent: number;
  readonly benign: number;
}

export interface AlphaResult {
  readonly sources: LabelSources;
  readonly full: AlphaProtocolResult;
  readonly leakReduced: AlphaProtocolResult;
  /** On the full data, for 1.1.0 and the current default: what the 0.5 flag threshold sends on. */
  readonly flags: readonly FlagCount[];
}

/** Cross-fitting defaults to the seed-2018 split and 50 random splits. */
export interface AlphaOptions {
  readonly repeats?: number;
}

/** Both protocols on the loaded data set. */
export function evaluateAlpha(alpha: BitcoinAlpha, options: AlphaOptions = {}): AlphaResult {
  const repeats = options.repeats ?? 50;
  const sources = findLabelSources(alpha.nodeCount, alpha.ratings, alpha.fraudulent);
  const dropped = new Set(sources.raters);
  const kept = filterEdges(alpha.ratings, (e) => !dropped.has(alpha.ratings.sources[e] as number));
  const development = developmentHalf(alpha.fraudulent);
  return {
    sources,
    full: evaluateProtocol("full", alpha, alpha.ratings, development, repeats),
    leakReduced: evaluateProtocol("leak-reduced", alpha, kept, development, repeats),
    flags: flagCounts(alpha, 0.5),
  };
}

function flagCounts(alpha: BitcoinAlpha, at: number): FlagCount[] {
  const g = normalisedGraph(alpha.nodeCount, alpha.ratings);
  const count = (version: string, score: Float64Array): FlagCount => {
    let flagged = 0;
    let fraudulent = 0;
    let benign = 0;
    for (let u = 0; u < g.nodeCount; u++) {
      if ((score[u] as number) < at) continue;
      flagged++;
      const label = alpha.fraudulent.get(u);
      if (label === true) fraudulent++;
      if (label === false) benign++;
    }
    return { version, flagged, fraudulent, benign };
  };
  return [
    count("1.1.0", previousSuspicion(g).score),
    count(SUSPICION_VERSION, scoreSuspicion(g).score),
  ];
}

/** Half of each class, drawn with a fixed seed: the users design decisions may look at. */
export function developmentHalf(fraudulent: ReadonlyMap<number, boolean>): Set<number> {
  const random = seeded(2018);
  const half = (label: boolean) => {
    const users = [...fraudulent]
      .filter(([, f]) => f === label)
      .map(([u]) => u)
      .sort((a, b) => a - b);
    return shuffle(random, users).slice(0, users.length >> 1);
  };
  return new Set([...half(true), ...half(false)]);
}

/**
 * The default weights of suspicion 1.1.0, fixed a priori, for the before/after comparison: 2.0.0 keeps
 * them for users nobody rated, so they are the same numbers.
 */
const SUSPICION_1_1_0: SuspicionWeights = UNRATED_SUSPICION_WEIGHTS;

/** Suspicion 1.1.0: its weights, and REV2 without a behavioural prior (a prior with β1 = 0). */
function previousSuspicion(g: Graph): SuspicionResult {
  return scoreSuspicion(g, {
    weights: SUSPICION_1_1_0,
    rev2: { raterPrior: new Float64Array(g.nodeCount).fill(1), beta1: 0 },
  });
}

/** Scores of every method, oriented so that higher means "more likely fraudulent". */
export function methodScores(g: Graph): Record<string, Float64Array> {
  const n = g.nodeCount;
  const meanReceived = new Float64Array(n);
  const received = new Float64Array(n);
  const outDegree = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    outDegree[u] = -((g.offsets[u + 1] as number) - (g.offsets[u] as number));
    for (let e = g.offsets[u] as number; e < (g.offsets[u + 1] as number); e++) {
      const v = g.targets[e] as number;
      meanReceived[v] = (meanReceived[v] as number) + (g.weights[e] as number);
      received[v] = (received[v] as number) + 1;
    }
  }
  for (let v = 0; v < n; v++) {
    const count = received[v] as number;
    meanReceived[v] = count === 0 ? 0 : -(meanReceived[v] as number) / count;
  }
  const pr = pagerank(g, { positiveOnly: true }).ranks;
  const fg = fairnessGoodness(g);
  const r2 = rev2(g);
  const suspicion = scoreSuspicion(g);
  const previous = previousSuspicion(g);
  return {
    "mean rating received (baseline)": meanReceived,
    "out-degree (baseline)": outDegree,
    "PageRank, positive edges (baseline)": negate(pr),
    "Fairness–Goodness: fairness (baseline)": negate(fg.fairness),
    "Fairness–Goodness: goodness (baseline)": negate(fg.goodness),
    "REV2 fairness": negate(r2.fairness),
    "REV2 goodness": negate(r2.goodness),
    "short-lived account alone (1 − active span / 180 days)": behaviourSignals(g).shortLived,
    "REV2 goodness, established-account rater prior (β1 = 1, as in suspicion 2.0.0)": negate(
      suspicion.rev2.goodness,
    ),
    "suspicion score 1.1.0 (previous default, weights fixed a priori)": previous.score,
    "suspicion score 2.0.0 (default; weights chosen on the development half)": suspicion.score,
  };
}

function evaluateProtocol(
  protocol: string,
  alpha: BitcoinAlpha,
  ratings: EdgeList & { readonly times: Float64Array },
  development: ReadonlySet<number>,
  repeats: number,
): AlphaProtocolResult {
  const g = normalisedGraph(alpha.nodeCount, ratings);
  const raters = new Set<number>();
  for (let e = 0; e < ratings.count; e++) raters.add(ratings.sources[e] as number);
  const users = [...alpha.fraudulent.keys()].filter((u) => raters.has(u)).sort((a, b) => a - b);
  const label = (u: number) => alpha.fraudulent.get(u) === true;
  const devUsers = users.filter((u) => development.has(u));
  const reportUsers = users.filter((u) => !development.has(u));
  const measure = (s: ArrayLike<number>, on: readonly number[]) => {
    const picked = on.map((u) => s[u] as number);
    const labels = on.map(label);
    return { auc: rocAuc(picked, labels), ap: averagePrecision(picked, labels) };
  };
  const scores = methodScores(g);
  const methods: MethodScore[] = Object.entries(scores).map(([method, s]) => {
    const all = measure(s, users);
    const report = measure(s, reportUsers);
    return { method, ...all, reportAuc: report.auc, reportAp: report.ap };
  });
  const fitted = fittedSuspicion(g, devUsers, reportUsers, label);
  const report = measure(fitted.scores, reportUsers);
  methods.push({
    method: "suspicion signals, weights fitted on the development half (logistic regression)",
    auc: Number.NaN,
    ap: Number.NaN,
    reportAuc: report.auc,
    reportAp: report.ap,
  });
  return {
    protocol,
    ratings: ratings.count,
    evaluated: users.length,
    fraudulent: users.filter(label).length,
    reportEvaluated: reportUsers.length,
    reportFraudulent: reportUsers.filter(label).length,
    methods,
    fittedWeights: fitted.weights,
    candidates: Object.entries(CANDIDATE_SIGNALS).map(([method, score]) => {
      const dev = measure(score(g), devUsers);
      return { method, devAuc: dev.auc, devAp: dev.ap };
    }),
    crossFit: crossFitAlpha(
      g,
      users,
      label,
      development,
      repeats,
      Object.fromEntries(CROSS_FIT_FIXED.map((m) => [m, scores[m] as Float64Array])),
    ),
  };
}

/** The methods of methodScores repeated in the cross-fitted table for comparison. */
const CROSS_FIT_FIXED = [
  "mean rating received (baseline)",
  "PageRank, positive edges (baseline)",
  "Fairness–Goodness: goodness (baseline)",
  "REV2 goodness",
  "REV2 goodness, established-account rater prior (β1 = 1, as in suspicion 2.0.0)",
  "suspicion score 1.1.0 (previous default, weights fixed a priori)",
  "suspicion score 2.0.0 (default; weights chosen on the development half)",
];

/** The suspicion signals as features of a logistic regression fitted on `train` users. */
function fittedSuspicion(
  g: Graph,
  train: readonly number[],
  test: readonly number[],
  label: (u: number) => boolean,
): { scores: Float64Array; weights: Record<string, number> } {
  const s = scoreSuspicion(g);
  const codes = FRAUD_REASON_CODES;
  const rows = [...train, ...test];
  const x = new Float64Array(rows.length * codes.length);
  rows.forEach((u, i) => {
    codes.forEach((c, j) => {
      x[i * codes.length + j] = s.signals[c][u] as number;
    });
  });
  const data = { rows: rows.length, columns: codes.length, x };
  const labels = rows.map(label);
  const model = fitLogistic(data, labels, Uint32Array.from(train.keys()));
  const testRows = Uint32Array.from(test, (_, i) => train.length + i);
  const predicted = predictLogit(model, data, testRows);
  const scores = new Float64Array(g.nodeCount);
  test.forEach((u, i) => {
    scores[u] = predicted[i] as number;
  });
  return {
    scores,
    weights: Object.fromEntries(codes.map((c, j) => [c, model.weights[j] as number])),
  };
}

/** Ratings divided by 10 onto [-1, 1], as every protocol here scores them. */
export function normalisedGraph(
  nodeCount: number,
  ratings: EdgeList & { times: Float64Array },
): Graph {
  const weights = new Float32Array(ratings.count);
  for (let e = 0; e < ratings.count; e++) weights[e] = (ratings.weights[e] as number) / 10;
  return buildGraph(nodeCount, { ...ratings, weights });
}

/** The edges `keep` accepts, in order. */
export function filterEdges(
  edges: EdgeList & { readonly times: Float64Array },
  keep: (e: number) => boolean,
): EdgeList & { readonly times: Float64Array } {
  const picked: number[] = [];
  for (let e = 0; e < edges.count; e++) if (keep(e)) picked.push(e);
  return {
    count: picked.length,
    sources: Uint32Array.from(picked, (e) => edges.sources[e] as number),
    targets: Uint32Array.from(picked, (e) => edges.targets[e] as number),
    weights: Float32Array.from(picked, (e) => edges.weights[e] as number),
    times: Float64Array.from(picked, (e) => edges.times[e] as number),
  };
}

function negate(values: Float64Array): Float64Array {
  return values.map((x) => -x);
}
