/**
 * Session 8: would session 7's unfitted rank average survive as a product score? Run alone:
 *
 *   nice -n 15 npx tsx bench/eval/fraud-alpha-session8-members.ts
 *
 * Session 7's third candidate (fraud-alpha-session7.ts) is rank(goodness) + the mean rank of session 6's
 * eight extra signals, nothing fitted: 0.901 AUC in session 6's protocol. Its ranks are mid-rank quantiles
 * among the 183 *evaluated* users, the labelled ones. A served score cannot rank among labelled users: a
 * space has no labels, so it would rank among its members. This script asks, before any such score is
 * written into src/trust, what the same formula scores when each signal is ranked over a population a
 * space does have:
 *
 * - the evaluated users (session 7's figure, reproduced as a check);
 * - every member who rated someone in the protocol's graph;
 * - every member with at least one rating, given or received.
 *
 * Nothing is fitted, so each figure is one number over the 183 users. In order: a first look at the
 * three populations (a throwaway script, the same formula) came before this one, which records them
 * with the baselines; no other population or formula was tried. Protocol: session 6's (alpha-leak-free.ts: every rating given
 * by or to the 31 label sources dropped). Baselines and suspicion 2.0.0 are rows of the same run.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { leakFreeAlpha } from "./alpha-leak-free.js";
import { methodScores } from "./fraud-alpha.js";
import {
  established,
  lowGoodness,
  ratersOf,
  weightedMeanReceived,
} from "./fraud-alpha-session5-features.js";
import { BASELINES as SESSION5_BASELINES } from "./fraud-alpha-session5-procedures.js";
import { ranksOver, session6Extras } from "./fraud-alpha-session7-procedures.js";
import { averagePrecision, rocAuc } from "./metrics.js";

/** Session 6's and 7's baselines: session 5's list without REV2 goodness and suspicion 1.1.0. */
const BASELINES = SESSION5_BASELINES.filter((m) => m !== "REV2 goodness" && !m.includes("1.1.0"));

/** The populations a rank can be taken over, each ascending. */
function populations(g: Graph, evaluated: readonly number[]): [string, number[]][] {
  const raters = new Set(ratersOf(g));
  const rated = new Set(g.targets);
  const all = Array.from({ length: g.nodeCount }, (_, u) => u);
  return [
    ["the 183 evaluated (labelled) users: session 7's ranks", [...evaluated]],
    ["every member who rated someone", all.filter((u) => raters.has(u))],
    [
      "every member with a rating given or received",
      all.filter((u) => raters.has(u) || rated.has(u)),
    ],
  ];
}

/** rank(goodness) + mean rank of the eight extras, each signal ranked over `over`. */
function unfitted(pool: readonly Float64Array[], over: readonly number[]): Float64Array {
  const ranked = pool.map((s) => ranksOver(s, over));
  const [goodness, ...extras] = ranked as [Float64Array, ...Float64Array[]];
  return goodness.map(
    (x, u) => x + extras.reduce((t, r) => t + (r[u] as number), 0) / extras.length,
  );
}

function main(): void {
  const { both: g, users, label } = leakFreeAlpha();
  const y = users.map(label);
  const row = (name: string, s: Float64Array, size = "") => {
    const scores = users.map((u) => s[u] as number);
    print(
      `| ${name} | ${size} | ${rocAuc(scores, y).toFixed(3)} | ${averagePrecision(scores, y).toFixed(3)} |`,
    );
  };
  print(
    `Session 6's protocol: ${g.edgeCount} ratings; ${users.length} evaluated users, ${y.filter(Boolean).length} fraudulent.\n`,
  );
  print("| score | ranked over (members) | AUC | AP |\n|---|---|---|---|");
  const baselines = methodScores(g);
  for (const m of BASELINES) row(m, baselines[m] as Float64Array);
  const goodness = lowGoodness(weightedMeanReceived(g, established(g, 730)));
  row("established-rater goodness, 730 days (alone)", goodness);
  const pool = [goodness, ...session6Extras(g).map(([, s]) => s)];
  for (const [name, over] of populations(g, users)) {
    row(
      `rank(goodness) + mean rank of the 8 extras, ranks among ${name}`,
      unfitted(pool, over),
      over.length.toLocaleString("en"),
    );
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main();
