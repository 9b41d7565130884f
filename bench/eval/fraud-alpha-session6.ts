/**
 * Session 6: new signals for Bitcoin Alpha's fraudulent raters under the leak-reduced protocol, with
 * the second leak (ratings given TO the label sources, session 5) handled by dropping those ratings
 * too. Run alone:
 *
 *   nice -n 15 npx tsx bench/eval/fraud-alpha-session6.ts [--splits 50]
 *
 * Protocol ("both directions dropped"): drop every rating given by the 31 label sources
 * (label-sources.ts) and every rating given to them; evaluate on the same 183 labelled users as the
 * leak-reduced protocol (labelled users who still rated someone once the label sources' ratings are
 * dropped; a user left with no rating given is still scored). 2-fold cross-fitting over the seed-2018
 * split and `--splits` random stratified splits (fraud-alpha-crossfit.ts), baselines in the same run.
 * The same table for the target protocol (only the ratings the label sources gave dropped) follows,
 * for comparison with sessions 4 and 5.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { leakFreeAlpha } from "./alpha-leak-free.js";
import { methodScores } from "./fraud-alpha.js";
import {
  crossFit,
  crossFitAlpha,
  type Procedure,
  stratifiedHalves,
} from "./fraud-alpha-crossfit.js";
import { established, lowGoodness, weightedMeanReceived } from "./fraud-alpha-session5-features.js";
import { BASELINES, fixed, logisticCv } from "./fraud-alpha-session5-procedures.js";
import { RATE_WEIGHTS, rateChecks } from "./fraud-alpha-session6-checks.js";
import {
  distrustShare,
  firstMoverShare,
  givingRate,
  leaveOneOutUnfairness,
  lowWeightedMean,
  lukewarmShare,
  positiveTrust,
  receptionRate,
  unreturnedPraise,
  weakestEndorsement,
} from "./fraud-alpha-session6-features.js";
import { stacked, standardisedGrid } from "./fraud-alpha-session6-procedures.js";
import { rocAuc } from "./metrics.js";

function main(): void {
  const at = process.argv.indexOf("--splits");
  const repeats = at > 0 ? Number(process.argv[at + 1]) : 50;
  const { target, both, users, label, development, fixedSplit } = leakFreeAlpha();
  const splits = Array.from({ length: repeats }, (_, i) => stratifiedHalves(users, label, i + 1));
  print(
    `${users.length} labelled users, ${users.filter(label).length} fraudulent; ${repeats} random splits.\n`,
  );
  for (const [name, g] of [
    ["both directions dropped (session 6's protocol)", both],
    ["target protocol (ratings given by the label sources dropped)", target],
  ] as const) {
    print(`\n### ${name}: ${g.edgeCount} ratings\n`);
    print(
      "| method | seed 2018 AUC | AP | random splits: AUC mean ± sd (min–max) | AP mean | splits ≥ 0.90 | chosen on seed 2018 (dev → report; report → dev) |\n|---|---|---|---|---|---|---|",
    );
    for (const p of procedures(g, users)) {
      const one = crossFit(p, fixedSplit, users, label);
      const runs = splits.map((s) => crossFit(p, s, users, label));
      const aucs = runs.map((x) => x.auc);
      const m = mean(aucs);
      const sd = Math.sqrt(mean(aucs.map((a) => (a - m) ** 2)));
      const range = `${Math.min(...aucs).toFixed(3)}–${Math.max(...aucs).toFixed(3)}`;
      print(
        `| ${p.method} | ${one.auc.toFixed(3)} | ${one.ap.toFixed(3)} | ${m.toFixed(3)} ± ${sd.toFixed(3)} (${range}) | ${mean(runs.map((x) => x.ap)).toFixed(3)} | ${aucs.filter((a) => a >= 0.9).length} of ${repeats} | ${one.choices.join("; ")} |`,
      );
    }
    for (const row of crossFitAlpha(g, users, label, development, repeats).rows) {
      if (!row.method.startsWith("grid")) continue;
      print(
        `| session 4: ${row.method} | ${row.splitAuc.toFixed(3)} | ${row.splitAp.toFixed(3)} | ${row.meanAuc.toFixed(3)} ± ${row.sdAuc.toFixed(3)} (${row.minAuc.toFixed(3)}–${row.maxAuc.toFixed(3)}) | ${row.meanAp.toFixed(3)} | ${row.splitsAtTarget} of ${repeats} | ${row.choices.join("; ")} |`,
      );
    }
    const low = lowGoodness(weightedMeanReceived(g, established(g, 730)));
    print("\nChecks of the reception-rate combination (added after its figure was seen):\n");
    for (const line of rateChecks(g, low, receptionRate(g), users, label, fixedSplit, splits)) {
      print(line);
    }
  }
}

/** Fixed before session 6's first run (see docs/evaluation.md, "Session 6"). */
function procedures(g: Graph, users: readonly number[]): Procedure[] {
  const baselines = methodScores(g);
  const est730 = established(g, 730);
  const low730 = lowGoodness(weightedMeanReceived(g, est730));
  const shortLow = established(g, 180).map((x, u) => (1 - x) * (low730[u] as number));
  const trust = positiveTrust(g, est730);
  const trustLow = lowWeightedMean(g, trust);
  const distrust = distrustShare(g, trust);
  const distrustEst = distrustShare(g, est730);
  const rate = receptionRate(g);
  const endorsed = weakestEndorsement(g, est730);
  const extras: [string, Float64Array][] = [
    ["short-lived 180", established(g, 180).map((x) => 1 - x)],
    ["short-lived × low", shortLow],
    ["lukewarm share", lukewarmShare(g, est730)],
    ["weakest endorsement", endorsed],
    ["reception rate", rate],
    ["first-mover share", firstMoverShare(g)],
    ["trusted-rater goodness", trustLow],
    ["distrust from the trusted", distrust],
  ];
  const unfair = leaveOneOutUnfairness(g, est730);
  const unreturned = unreturnedPraise(g);
  const giving = givingRate(g);
  return [
    ...BASELINES.filter((m) => m !== "REV2 goodness" && !m.includes("1.1.0")).map((m) =>
      fixed(m, baselines[m] as Float64Array),
    ),
    fixed("established-rater goodness, 730 days (session 5, fixed)", low730),
    fixed("trusted-rater goodness: rater weight = positive-trust PageRank (fixed)", trustLow),
    fixed("distrust from the trusted: PageRank-weighted negative share (fixed)", distrust),
    fixed("distrust share, established 730-day weights (fixed)", distrustEst),
    logisticCv("logistic (λ by inner CV): low goodness 730, short-lived × low (session 5)", [
      low730,
      shortLow,
    ]),
    logisticCv("logistic (λ by inner CV): + trusted-rater goodness, distrust from the trusted", [
      low730,
      shortLow,
      trustLow,
      distrust,
    ]),
    stacked(
      "transductive logistic (λ by inner CV): low goodness 730, short-lived × low, neighbour evidence of training labels",
      g,
      [low730, shortLow],
      true,
    ),
    stacked(
      "transductive logistic: all of the above + neighbour evidence",
      g,
      [low730, shortLow, trustLow, distrust],
      true,
    ),
    // Round 2: added after round 1's table and a screen on the development half (docs, Session 6).
    fixed("reception rate: ratings received per active day (fixed)", rate),
    fixed("weakest endorsement: −strongest established rating received (fixed)", endorsed),
    standardisedGrid(
      "grid: z(low goodness 730) + w·z(reception rate), w 0–1",
      low730,
      [["rate", rate]],
      RATE_WEIGHTS,
      users,
    ),
    standardisedGrid(
      "grid: z(low goodness 730) + w₁·z(reception rate) + w₂·z(weakest endorsement)",
      low730,
      [
        ["rate", rate],
        ["endorsement", endorsed],
      ],
      [0, 0.25, 0.5, 1],
      users,
    ),
    // The choice of the extra signal as well, inside the training fold: the screen made part of
    // the cross-fitted procedure.
    nestedChoice(low730, users, extras),
    logisticCv(
      "logistic (λ by inner CV): low goodness 730, short-lived × low, reception rate, weakest endorsement",
      [low730, shortLow, rate, endorsed],
    ),
    // Round 3: fixed after round 2's 50-split figure, before its own first run.
    fixed("round 3: leave-one-out unfairness (fixed)", unfair),
    fixed("round 3: unreturned praise (fixed)", unreturned),
    fixed("round 3: giving rate, ratings given per active day (fixed)", giving),
    nestedChoice(low730, users, [
      ...extras,
      ["leave-one-out unfairness", unfair],
      ["unreturned praise", unreturned],
      ["giving rate", giving],
    ]),
  ];
}

/** z(low goodness) + w·z(one extra signal): signal and w both chosen by training-fold AUC. */
function nestedChoice(
  low: Float64Array,
  users: readonly number[],
  extras: readonly (readonly [string, Float64Array])[],
): Procedure {
  const grids = extras.map(([name, s]) =>
    standardisedGrid("", low, [[name, s]], [0.125, 0.25, 0.5, 0.75, 1], users),
  );
  return {
    method: `grid: z(low goodness 730) + w·z(one of ${extras.length} extra signals), signal and w 0–1 chosen on the training fold (${extras.length * 5 + 1} settings)`,
    fit: (train, label) => {
      const base = standardisedGrid("", low, [], [], users).fit(train, label);
      let best = { fitted: base, auc: trainingAuc(base.score, train, label) };
      for (const grid of grids) {
        const fitted = grid.fit(train, label);
        const auc = trainingAuc(fitted.score, train, label);
        if (auc > best.auc) best = { fitted, auc };
      }
      return best.fitted;
    },
  };
}

function trainingAuc(
  score: (u: number) => number,
  train: readonly number[],
  label: (u: number) => boolean,
): number {
  return rocAuc(train.map(score), train.map(label));
}

function mean(values: readonly number[]): number {
  return values.reduce((t, v) => t + v, 0) / values.length;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main();
