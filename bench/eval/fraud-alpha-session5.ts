/**
 * Session 5's search for a leak-reduced Bitcoin Alpha signal that reaches 0.90 AUC cross-fitted, and
 * the record of every candidate tried (docs/evaluation.md, "Session 5"). Run alone:
 *
 *   nice -n 15 npx tsx bench/eval/fraud-alpha-session5.ts
 *
 * Three parts, printed as Markdown:
 * 1. Every candidate signal alone, nothing fitted: AUC over all 183 labelled users and on each half.
 *    These were looked at while the candidates were written: model selection on the evaluation data.
 * 2. Procedures cross-fitted as in fraud-alpha-crossfit.ts (seed-2018 split and 50 random stratified
 *    2-fold splits; every weight, horizon and λ chosen on the training fold only, λ by 5-fold CV
 *    inside it), next to the baselines in the same run.
 * 3. The leak diagnosis that rejected the best of them: the leak-reduced protocol drops the ratings
 *    the label sources GAVE, but keeps the ratings labelled users gave TO the label sources, and
 *    trading ratings are mostly returned.
 */
import { rev2 } from "../../src/trust/fraud/rev2.js";
import type { Graph } from "../../src/trust/graph/csr.js";
import { loadBitcoinAlpha } from "../data/bitcoin-alpha.js";
import { developmentHalf, filterEdges, methodScores, normalisedGraph } from "./fraud-alpha.js";
import { crossFit, type Procedure, stratifiedHalves } from "./fraud-alpha-crossfit.js";
import {
  consistencyWeightedMean,
  endorsement,
  established,
  lowGoodness,
  negativesAfterExit,
  praisedByBadlyRated,
  propagatedReputation,
  raterCentredMean,
  recencyWeightedMean,
  retaliationsGiven,
  surprisalWeightedMean,
  weightedMeanReceived,
} from "./fraud-alpha-session5-features.js";
import { leakDiagnosis } from "./fraud-alpha-session5-leak.js";
import {
  BASELINES,
  type Features,
  fixed,
  procedureSet,
} from "./fraud-alpha-session5-procedures.js";
import { findLabelSources } from "./label-sources.js";
import { rocAuc } from "./metrics.js";

const negate = (a: Float64Array) => a.map((x) => -x);

function main(): void {
  const alpha = loadBitcoinAlpha();
  const sources = new Set(
    findLabelSources(alpha.nodeCount, alpha.ratings, alpha.fraudulent).raters,
  );
  const r = alpha.ratings;
  const kept = filterEdges(r, (e) => !sources.has(r.sources[e] as number));
  const g = normalisedGraph(alpha.nodeCount, kept);
  const raters = new Set(kept.sources);
  const users = [...alpha.fraudulent.keys()].filter((u) => raters.has(u)).sort((a, b) => a - b);
  const label = (u: number) => alpha.fraudulent.get(u) === true;
  const development = developmentHalf(alpha.fraudulent);
  const f = features(g, sources);

  print(
    `Leak-reduced: ${users.length} labelled users, ${users.filter(label).length} fraudulent.\n`,
  );
  print("### Every candidate alone (nothing fitted)\n");
  print("| signal | AUC, all | development half | report half |\n|---|---|---|---|");
  const halves = (s: Float64Array, on: readonly number[]) =>
    rocAuc(
      on.map((u) => s[u] as number),
      on.map(label),
    ).toFixed(3);
  for (const [name, s] of Object.entries(f.candidates)) {
    const dev = users.filter((u) => development.has(u));
    const rep = users.filter((u) => !development.has(u));
    print(`| ${name} | ${halves(s, users)} | ${halves(s, dev)} | ${halves(s, rep)} |`);
  }

  const fixedSplit: [number[], number[]] = [
    users.filter((u) => development.has(u)),
    users.filter((u) => !development.has(u)),
  ];
  const splits = Array.from({ length: 50 }, (_, i) => stratifiedHalves(users, label, i + 1));
  const baselines = methodScores(g);
  const procedures: Procedure[] = [
    ...BASELINES.map((m) => fixed(m, baselines[m] as Float64Array)),
    fixed("established-rater goodness, 2-year horizon (fixed)", f.low.get(730) as Float64Array),
    ...procedureSet(g, f),
  ];
  print("\n### Cross-fitted (seed-2018 split; 50 random stratified 2-fold splits)\n");
  print(
    "| method | seed 2018 AUC | random splits: AUC mean ± sd (min–max) | splits ≥ 0.90 | chosen on seed 2018 (development → report; report → development) |\n|---|---|---|---|---|",
  );
  for (const p of procedures) {
    const one = crossFit(p, fixedSplit, users, label);
    const aucs = splits.map((s) => crossFit(p, s, users, label).auc);
    const m = aucs.reduce((t, a) => t + a, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((t, a) => t + (a - m) ** 2, 0) / aucs.length);
    const range = `${Math.min(...aucs).toFixed(3)}–${Math.max(...aucs).toFixed(3)}`;
    const at = aucs.filter((a) => a >= 0.9).length;
    print(
      `| ${p.method} | ${one.auc.toFixed(3)} | ${m.toFixed(3)} ± ${sd.toFixed(3)} (${range}) | ${at} of 50 | ${one.choices.join("; ")} |`,
    );
  }
  for (const line of leakDiagnosis(alpha, g, users, label, sources, f, splits)) print(line);
}
function features(g: Graph, sources: ReadonlySet<number>): Features {
  const n = g.nodeCount;
  const given = Float64Array.from({ length: n }, (_, u) => {
    return (g.offsets[u + 1] as number) - (g.offsets[u] as number);
  });
  const received = new Float64Array(n);
  for (let e = 0; e < g.edgeCount; e++) {
    const v = g.targets[e] as number;
    received[v] = (received[v] as number) + 1;
  }
  const low = new Map<number, Float64Array>();
  const endorse = new Map<number, Float64Array>();
  for (const h of [180, 365, 730]) {
    low.set(h, lowGoodness(weightedMeanReceived(g, established(g, h))));
    endorse.set(h, endorsement(g, low.get(h) as Float64Array));
  }
  const short = new Map<number, Float64Array>();
  for (const h of [90, 180, 365])
    short.set(
      h,
      established(g, h).map((x) => 1 - x),
    );
  const est = (h: number) => established(g, h);
  const mean = (w: Float64Array, fn?: (x: number) => number, pseudo?: number, prior?: number) =>
    negate(weightedMeanReceived(g, w, fn, pseudo, prior));
  const low730 = low.get(730) as Float64Array;
  const candidates: Record<string, Float64Array> = {
    "established-rater mean, 90-day horizon": mean(est(90)),
    "established-rater mean, 180 days (session 4)": mean(est(180)),
    "established-rater mean, 365 days": mean(est(365)),
    "established-rater mean, 730 days": mean(est(730)),
    "established-rater mean, 1,460 days": mean(est(1460)),
    "established-rater mean, 730 days, 0.5 pseudo-ratings": mean(est(730), undefined, 0.5),
    "established-rater mean, 730 days, 2 pseudo-ratings": mean(est(730), undefined, 2),
    "established-rater mean, 730 days, 5 pseudo-ratings": mean(est(730), undefined, 5),
    "established-rater mean, 730 days, 1 pseudo-rating at the mean goodness μG": mean(
      est(730),
      undefined,
      1,
      meanGoodness(g, est(730)),
    ),
    "established-rater mean, 730 days, 5 pseudo-ratings at μG": mean(
      est(730),
      undefined,
      5,
      meanGoodness(g, est(730)),
    ),
    "established-rater mean, 180 days, 2 pseudo-ratings at μG": mean(
      est(180),
      undefined,
      2,
      meanGoodness(g, est(180)),
    ),
    "established-rater mean, 180 days, weight squared": mean(est(180).map((x) => x * x)),
    "established-rater mean, only raters active ≥ 180 days": mean(est(180).map(Math.floor)),
    "rater weight = active span in years (no cap)": mean(est(365 * 1e6).map((x) => x * 1e6)),
    "established-rater mean, 730 days, negatives ×0.5": mean(est(730), (x) => (x < 0 ? x / 2 : x)),
    "established-rater mean, 730 days, negatives ×2": mean(est(730), (x) => (x < 0 ? 2 * x : x)),
    "established-rater mean, 730 days, negatives ×5": mean(est(730), (x) => (x < 0 ? 5 * x : x)),
    "established-rater mean, 730 days, √ of positives": mean(est(730), (x) =>
      x < 0 ? x : Math.sqrt(x),
    ),
    "established-rater mean of signs, 180 days": mean(est(180), Math.sign),
    "established-rater share of ratings ≤ −0.5, 180 days": weightedMeanReceived(g, est(180), (x) =>
      x <= -0.5 ? 1 : 0,
    ),
    "established-rater share of negative ratings, 180 days": weightedMeanReceived(
      g,
      est(180),
      (x) => (x < 0 ? 1 : 0),
    ),
    "established × min(1, ratings given / 5), 730 days": mean(
      est(730).map((x, u) => x * Math.min(1, (given[u] as number) / 5)),
    ),
    "established × min(1, ratings given / 20), 730 days": mean(
      est(730).map((x, u) => x * Math.min(1, (given[u] as number) / 20)),
    ),
    "established × log(1 + ratings given), 730 days": mean(
      est(730).map((x, u) => x * Math.log1p(given[u] as number)),
    ),
    "established × min(1, ratings received / 10), 730 days": mean(
      est(730).map((x, u) => x * Math.min(1, (received[u] as number) / 10)),
    ),
    "reputation propagated from established raters, max(0, ·), 180 days": negate(
      propagatedReputation(g, 180, "positive"),
    ),
    "reputation propagated, (1 + ·)/2, 180 days": negate(propagatedReputation(g, 180, "shifted")),
    "reputation propagated, max(0, ·), 365 days": negate(propagatedReputation(g, 365, "positive")),
    "reputation propagated, (1 + ·)/2, 365 days": negate(propagatedReputation(g, 365, "shifted")),
    "recency-weighted established mean, k = 1": negate(recencyWeightedMean(g, est(730), 1)),
    "recency-weighted established mean, k = 3": negate(recencyWeightedMean(g, est(730), 3)),
    "recency-weighted established mean, k = 10": negate(recencyWeightedMean(g, est(730), 10)),
    "negative ratings received after the user's last given rating (share)": negativesAfterExit(g),
    "retaliations given (negative answering a negative)": retaliationsGiven(g),
    "praised by badly rated users (730 days)": praisedByBadlyRated(g, low730),
    "endorsement of badly rated users (730 days)": endorse.get(730) as Float64Array,
    "endorsement, ratings given to label sources left out (diagnosis only)": endorsement(
      g,
      low730,
      (v) => sources.has(v),
    ),
    "REV2 goodness, established prior (180 days) β1 = 1, γ2 = 0 (no per-edge agreement)": negate(
      rev2(g, { raterPrior: est(180), beta1: 1, gamma2: 0 }).goodness,
    ),
    "REV2 goodness, established prior (730 days) β1 = 3, γ2 = 0": negate(
      rev2(g, { raterPrior: est(730), beta1: 3, gamma2: 0 }).goodness,
    ),
    "REV2 goodness, established prior (730 days) β1 = 3, γ2 = 1": negate(
      rev2(g, { raterPrior: est(730), beta1: 3 }).goodness,
    ),
    "REV2 goodness, established prior (730 days) β1 = 10, γ2 = 0": negate(
      rev2(g, { raterPrior: est(730), beta1: 10, gamma2: 0 }).goodness,
    ),
    "established × consistency (730 days)": negate(consistencyWeightedMean(g, est(730))),
    "established mean of rating − rater's own mean (730 days, 1 pseudo-rating)": negate(
      raterCentredMean(g, est(730), 1),
    ),
    "established mean of rating − rater's own mean (730 days, 5 pseudo-ratings)": negate(
      raterCentredMean(g, est(730), 5),
    ),
    "negatives × 1 / (5 · rater's negative rate), 730 days (first, arbitrary form)": negate(
      surprisalWeightedMean(g, est(730), 1, 0, 5),
    ),
    "negatives × (p0 / rater's rate)^0.5, κ = 5, 730 days": negate(
      surprisalWeightedMean(g, est(730), 0.5, 5),
    ),
    "negatives × (p0 / rater's rate)^1, κ = 5, 730 days": negate(
      surprisalWeightedMean(g, est(730), 1, 5),
    ),
    "negatives × (p0 / rater's rate)^0.5, κ = 20, 730 days": negate(
      surprisalWeightedMean(g, est(730), 0.5, 20),
    ),
    "negatives × (p0 / rater's rate)^1, κ = 5, 180 days": negate(
      surprisalWeightedMean(g, est(180), 1, 5),
    ),
    "short-lived (1 − span / 180 days)": short.get(180) as Float64Array,
    "−log(1 + ratings received)": received.map((x) => -Math.log1p(x)),
  };
  return { candidates, low, short, endorse };
}

/** Mean over rated users of the unsmoothed established-rater mean: REV2's μG for this weighting. */
function meanGoodness(g: Graph, w: Float64Array): number {
  const raw = weightedMeanReceived(g, w, undefined, 0);
  const rated = new Uint8Array(g.nodeCount);
  for (let e = 0; e < g.edgeCount; e++) rated[g.targets[e] as number] = 1;
  let sum = 0;
  let count = 0;
  raw.forEach((x, v) => {
    if (rated[v] === 0) return;
    sum += x;
    count++;
  });
  return sum / count;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main();
