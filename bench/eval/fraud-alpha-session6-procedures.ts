/**
 * Session 6's cross-fitted procedures (fraud-alpha-session6.ts). Each `fit` sees only the training
 * fold's labels. The transductive ones also read them as neighbour evidence (neighbourEvidence in
 * fraud-alpha-session6-features.ts); inside the training fold, the 5-fold choice of λ recomputes that
 * evidence from the inner training labels, so a held-out inner user is scored as a test user is.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { bestByTrainingAuc, type Procedure } from "./fraud-alpha-crossfit.js";
import { innerFolds } from "./fraud-alpha-session5-procedures.js";
import { neighbourEvidence } from "./fraud-alpha-session6-features.js";
import { datasetOf, fitLogistic, predictLogit } from "./logistic.js";
import { rocAuc } from "./metrics.js";

const LAMBDAS = [0.1, 1, 10, 100];

/**
 * L2 logistic regression over fixed columns plus, when `transductive`, the neighbour evidence of the
 * training labels; λ among 0.1, 1, 10, 100 by 5-fold CV inside the training fold.
 */
export function stacked(
  method: string,
  g: Graph,
  columns: readonly Float64Array[],
  transductive: boolean,
): Procedure {
  const n = g.nodeCount;
  const design = (train: readonly number[], label: (u: number) => boolean) =>
    datasetOf(transductive ? [...columns, neighbourEvidence(g, train, label)] : columns);
  return {
    method,
    fit(train, label) {
      const labels = Array.from({ length: n }, (_, u) => label(u));
      const fold = innerFolds(train, label);
      const inner = Array.from({ length: 5 }, (_, k) => {
        const fitOn = train.filter((u) => fold.get(u) !== k);
        return { fitOn, held: train.filter((u) => fold.get(u) === k), data: design(fitOn, label) };
      });
      let lambda = LAMBDAS[0] as number;
      let top = -1;
      for (const l of LAMBDAS) {
        let sum = 0;
        for (const { fitOn, held, data } of inner) {
          const model = fitLogistic(data, labels, Uint32Array.from(fitOn), { lambda: l });
          sum += rocAuc(predictLogit(model, data, Uint32Array.from(held)), held.map(label));
        }
        if (sum / 5 > top) {
          top = sum / 5;
          lambda = l;
        }
      }
      const data = design(train, label);
      const model = fitLogistic(data, labels, Uint32Array.from(train), { lambda });
      const all = predictLogit(
        model,
        data,
        Uint32Array.from({ length: n }, (_, u) => u),
      );
      const w = Array.from(model.weights.subarray(0, data.columns), (v) => v.toFixed(2)).join(", ");
      return { score: (u) => all[u] as number, choice: `λ ${lambda}, weights ${w}` };
    },
  };
}

/**
 * base + Σ wᵢ · extraᵢ on standardised scores (mean and sd over `over`, the evaluated users, no
 * label read), each wᵢ from `weights`, the setting with the highest training-fold AUC.
 */
export function standardisedGrid(
  method: string,
  base: Float64Array,
  extras: readonly (readonly [string, Float64Array])[],
  weights: readonly number[],
  over: readonly number[],
): Procedure {
  const z = (s: Float64Array) => {
    const xs = over.map((u) => s[u] as number);
    const m = xs.reduce((t, x) => t + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((t, x) => t + (x - m) ** 2, 0) / xs.length) || 1;
    return s.map((x) => (x - m) / sd);
  };
  let settings = [{ label: "base", score: z(base) }];
  for (const [name, extra] of extras) {
    const ze = z(extra);
    settings = settings.flatMap((s) =>
      weights.map((w) => ({
        label: `${s.label} + ${w}·${name}`,
        score: s.score.map((x, u) => x + w * (ze[u] as number)),
      })),
    );
  }
  return { method: `${method} (${settings.length} settings)`, fit: bestByTrainingAuc(settings) };
}
