/**
 * Session 9's procedures for Bitcoin Alpha's fraudulent raters (docs/evaluation.md, "Session 9"):
 * session 7's AUC-weighted rank average (fraud-alpha-session7-procedures.ts, aucWeighted) with every
 * rank taken among a space's *members* instead of among the labelled users, as a served score trained
 * on a space's own moderation decisions would have to rank (session 8 did this for the unfitted form),
 * and the paired bootstrap that compares it with the served score.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import type { Procedure } from "./fraud-alpha-crossfit.js";
import { ratersOf } from "./fraud-alpha-session5-features.js";
import { aucWeighted, quantiles, ranksOver } from "./fraud-alpha-session7-procedures.js";
import { rocAuc } from "./metrics.js";
import { seeded } from "./prng.js";

/**
 * Session 8's two member populations (fraud-alpha-session8-members.ts), each ascending: every member
 * who rated someone in `g`, and every member with a rating given or received. No label is read.
 *
 * @example memberPopulations(g).raters.length // 3,105 in session 6's protocol
 */
export function memberPopulations(g: Graph): { raters: number[]; active: number[] } {
  const raters = new Set(ratersOf(g));
  const rated = new Set(g.targets);
  const all = Array.from({ length: g.nodeCount }, (_, u) => u);
  return {
    raters: all.filter((u) => raters.has(u)),
    active: all.filter((u) => raters.has(u) || rated.has(u)),
  };
}

/**
 * The AUC-weighted rank average ranked among `members`: each signal of `pool` becomes its mid-rank
 * quantile among the members (ranksOver), each is weighed by max(0, its AUC alone on the training
 * fold, read from those member ranks, − 0.5), and the weighted sum is reported as its mid-rank
 * quantile among the same members, so the two folds' scores pool on one scale. The only labels read
 * are the training fold's, as a space's past moderation decisions would be.
 *
 * @example memberRankAverage("A", [low, ...extras], members).fit(train, label).score(u) // in [0, 1]
 */
export function memberRankAverage(
  method: string,
  pool: readonly Float64Array[],
  members: readonly number[],
): Procedure {
  const ranked = pool.map((s) => ranksOver(s, members));
  return { ...quantiles(aucWeighted(method, ranked), members), method };
}

/**
 * Paired bootstrap of AUC(a) − AUC(b) over `users`: `rounds` resamples with replacement (seeded),
 * the same resample for both scores. Returns the mean gain and the 2.5% and 97.5% points (the
 * resample at index floor(p · rounds) of the sorted gains, as session 7's bootstrap reads them).
 *
 * @example pairedBootstrap(a, b, users, label, 2000, 2026).low > 0 // a beats b beyond resampling
 */
export function pairedBootstrap(
  a: (u: number) => number,
  b: (u: number) => number,
  users: readonly number[],
  label: (u: number) => boolean,
  rounds: number,
  seed: number,
): { mean: number; low: number; high: number } {
  const random = seeded(seed);
  const gains: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sample = users.map(() => users[Math.floor(random() * users.length)] as number);
    const y = sample.map(label);
    gains.push(rocAuc(sample.map(a), y) - rocAuc(sample.map(b), y));
  }
  const mean = gains.reduce((t, g) => t + g, 0) / rounds;
  gains.sort((x, y) => x - y);
  const at = (p: number) => gains[Math.min(rounds - 1, Math.floor(p * rounds))] as number;
  return { mean, low: at(0.025), high: at(0.975) };
}
