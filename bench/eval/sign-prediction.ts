/**
 * Edge sign prediction by 10-fold cross-validation (Leskovec et al. WWW 2010 §3): every edge is in
 * exactly one test fold; its features come from the other nine folds only (sign-features.ts). A
 * logistic regression is fitted on the training folds and scores the test fold. Reported: ROC-AUC for
 * "positive", and average precision for the rarer class, "negative", both as mean over folds.
 */
import type { SignedNetwork } from "../data/signed-networks.js";
import { fitLogistic, predictLogit } from "./logistic.js";
import { averagePrecision, rocAuc } from "./metrics.js";
import { seeded, shuffle } from "./prng.js";
import {
  ALL_GROUPS,
  columnsOf,
  type FeatureGroup,
  selectColumns,
  signFeatures,
} from "./sign-features.js";

export interface SignMethod {
  readonly name: string;
  /** Feature groups fed to the logistic regression, or a fixed score column (no learning). */
  readonly groups?: readonly FeatureGroup[];
  readonly fixedColumn?: number;
}

export const SIGN_METHODS: readonly SignMethod[] = [
  { name: "F(u)·G(v), Fairness–Goodness, no learning (baseline)", fixedColumn: 30 },
  { name: "LR, degree features (7, baseline)", groups: ["degree"] },
  { name: "LR, degree + triads (23, Leskovec et al.)", groups: ["degree", "triads"] },
  {
    name: "LR, all features (degree, triads, status, shares, reciprocity, fairness–goodness)",
    groups: ALL_GROUPS,
  },
];

export interface SignResult {
  readonly network: string;
  readonly edges: number;
  readonly positiveShare: number;
  readonly folds: number;
  readonly methods: readonly { name: string; auc: number; aucSd: number; apNegative: number }[];
  readonly seconds: number;
}

/** Runs the cross-validation; `report(fold)` is called after each fold. */
export function evaluateSignPrediction(
  net: SignedNetwork,
  options: { folds?: number; seed?: number; report?: (fold: number) => void } = {},
): SignResult {
  const started = Date.now();
  const folds = options.folds ?? 10;
  const foldOf = assignFolds(net.edges.count, folds, options.seed ?? 20_100_428);
  const labels = Array.from(
    { length: net.edges.count },
    (_, e) => (net.edges.weights[e] as number) > 0,
  );
  const aucs = SIGN_METHODS.map(() => [] as number[]);
  const aps = SIGN_METHODS.map(() => [] as number[]);
  for (let f = 0; f < folds; f++) {
    const train = new Uint8Array(net.edges.count);
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let e = 0; e < net.edges.count; e++) {
      if (foldOf[e] === f) testRows.push(e);
      else {
        train[e] = 1;
        trainRows.push(e);
      }
    }
    const data = signFeatures(net.nodeCount, net.edges, train);
    const testIdx = Uint32Array.from(testRows);
    const testLabels = testRows.map((e) => labels[e] as boolean);
    SIGN_METHODS.forEach((method, m) => {
      const scores = scoreFold(method, data, labels, Uint32Array.from(trainRows), testIdx);
      aucs[m]?.push(rocAuc(scores, testLabels));
      aps[m]?.push(
        averagePrecision(
          scores.map((s) => -s),
          testLabels.map((l) => !l),
        ),
      );
    });
    options.report?.(f);
  }
  return {
    network: net.name,
    edges: net.edges.count,
    positiveShare: labels.filter(Boolean).length / labels.length,
    folds,
    methods: SIGN_METHODS.map((method, m) => ({
      name: method.name,
      auc: mean(aucs[m] ?? []),
      aucSd: sd(aucs[m] ?? []),
      apNegative: mean(aps[m] ?? []),
    })),
    seconds: (Date.now() - started) / 1000,
  };
}

function scoreFold(
  method: SignMethod,
  data: ReturnType<typeof signFeatures>,
  labels: readonly boolean[],
  trainRows: Uint32Array,
  testRows: Uint32Array,
): Float64Array {
  if (method.fixedColumn !== undefined) {
    const c = method.fixedColumn;
    return Float64Array.from(testRows, (r) => data.x[r * data.columns + c] as number);
  }
  const subset = selectColumns(data, columnsOf(method.groups ?? ALL_GROUPS));
  const model = fitLogistic(subset, labels, trainRows);
  return predictLogit(model, subset, testRows);
}

/** A seeded random partition of `count` items into `folds` folds of (nearly) equal size. */
export function assignFolds(count: number, folds: number, seed: number): Uint8Array {
  const order = shuffle(
    seeded(seed),
    Uint32Array.from({ length: count }, (_, i) => i),
  );
  const foldOf = new Uint8Array(count);
  for (let i = 0; i < count; i++) foldOf[order[i] as number] = i % folds;
  return foldOf;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(xs.length - 1, 1));
}
