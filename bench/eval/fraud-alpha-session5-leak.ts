/**
 * The leak check of session 5 (fraud-alpha-session5.ts): the leak-reduced protocol drops the ratings
 * the label sources gave, but keeps the ratings labelled users gave TO them, and trading ratings are
 * mostly returned. This measures how much a signal reads that channel: those ratings alone, and the
 * main rows and procedures again on the same users with them dropped too.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import type { loadBitcoinAlpha } from "../data/bitcoin-alpha.js";
import { developmentHalf, filterEdges, methodScores, normalisedGraph } from "./fraud-alpha.js";
import { crossFit, crossFitAlpha } from "./fraud-alpha-crossfit.js";
import {
  endorsement,
  established,
  lowGoodness,
  ratersOf,
  weightedMeanReceived,
} from "./fraud-alpha-session5-features.js";
import { BASELINES, type Features, logisticCv } from "./fraud-alpha-session5-procedures.js";
import { rocAuc } from "./metrics.js";

const negate = (a: Float64Array) => a.map((x) => -x);

/**
 * How much of a signal reads the ratings labelled users gave to the label sources: those ratings
 * alone, and the main rows again on the same users with them dropped too.
 */
export function leakDiagnosis(
  alpha: ReturnType<typeof loadBitcoinAlpha>,
  g: Graph,
  users: readonly number[],
  label: (u: number) => boolean,
  sources: ReadonlySet<number>,
  f: Features,
  splits: readonly [number[], number[]][],
): string[] {
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
  };
  const rater = ratersOf(g);
  const toSources = new Float64Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const w = g.weights[e] as number;
    if (w > 0 && sources.has(g.targets[e] as number)) {
      const u = rater[e] as number;
      toSources[u] = (toSources[u] as number) + w;
    }
  }
  const labels = users.map(label);
  const auc = (s: Float64Array) =>
    rocAuc(
      users.map((u) => s[u] as number),
      labels,
    ).toFixed(3);
  const rated = (fraud: boolean) =>
    users.filter((u) => label(u) === fraud && (toSources[u] as number) > 0).length;
  print("\n### Leak diagnosis: ratings given to the label sources\n");
  print(
    `- Positive rating mass a labelled user gave to the label sources, alone: AUC ${auc(negate(toSources))}. ${rated(false)} of ${users.filter((u) => !label(u)).length} benign and ${rated(true)} of ${users.filter(label).length} fraudulent users rated a label source positively.`,
  );
  print(
    `- Endorsement (730 days): ${auc(f.endorse.get(730) as Float64Array)}; the same without the ratings given to label sources: ${auc(endorsement(g, f.low.get(730) as Float64Array, (v) => sources.has(v)))}.`,
  );
  const r = alpha.ratings;
  const both = normalisedGraph(
    alpha.nodeCount,
    filterEdges(
      r,
      (e) => !sources.has(r.sources[e] as number) && !sources.has(r.targets[e] as number),
    ),
  );
  const scores = methodScores(both);
  const rows: [string, Float64Array][] = [
    ...BASELINES.map((m): [string, Float64Array] => [m, scores[m] as Float64Array]),
    [
      "established-rater goodness, 730 days",
      lowGoodness(weightedMeanReceived(both, established(both, 730))),
    ],
    ["short-lived (1 − span / 180 days)", established(both, 180).map((x) => 1 - x)],
  ];
  print(
    "\nThe same 183 users scored with the ratings given to the label sources dropped as well (a user left with no rating given is still scored):\n",
  );
  print("| method | AUC, target protocol | AUC, both directions dropped |\n|---|---|---|");
  const target = methodScores(g);
  for (const [name, s] of rows) {
    const before =
      target[name] ??
      (name.startsWith("established")
        ? (f.low.get(730) as Float64Array)
        : (f.short.get(180) as Float64Array));
    print(`| ${name} | ${auc(before)} | ${auc(s)} |`);
  }
  print(
    "\nCross-fitted on the same 50 random splits with both directions dropped: the endorsement procedures, and session 4's grids (fraud-alpha-crossfit.ts):\n",
  );
  print("| method | AUC mean ± sd (min–max) | splits ≥ 0.90 |\n|---|---|---|");
  const low = lowGoodness(weightedMeanReceived(both, established(both, 730)));
  const shortLow = established(both, 180).map((x, u) => (1 - x) * (low[u] as number));
  const endorse = endorsement(both, low);
  for (const p of [
    logisticCv("logistic (λ by inner CV): low goodness 730, short-lived × low", [low, shortLow]),
    logisticCv("logistic (λ by inner CV): low goodness 730, short-lived × low, endorsement", [
      low,
      shortLow,
      endorse,
    ]),
  ]) {
    const aucs = splits.map((split) => crossFit(p, split, users, label).auc);
    const m = aucs.reduce((t, a) => t + a, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((t, a) => t + (a - m) ** 2, 0) / aucs.length);
    const range = `${Math.min(...aucs).toFixed(3)}–${Math.max(...aucs).toFixed(3)}`;
    const at = aucs.filter((a) => a >= 0.9).length;
    print(`| ${p.method} | ${m.toFixed(3)} ± ${sd.toFixed(3)} (${range}) | ${at} of 50 |`);
  }
  const development = developmentHalf(alpha.fraudulent);
  for (const row of crossFitAlpha(both, users, label, development, splits.length).rows) {
    if (!row.method.startsWith("grid")) continue;
    const range = `${row.minAuc.toFixed(3)}–${row.maxAuc.toFixed(3)}`;
    print(
      `| session 4: ${row.method} | ${row.meanAuc.toFixed(3)} ± ${row.sdAuc.toFixed(3)} (${range}) | ${row.splitsAtTarget} of 50 |`,
    );
  }
  return lines;
}
