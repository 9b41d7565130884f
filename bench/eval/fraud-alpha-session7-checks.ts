/**
 * Checks of session 7's first candidate (fraud-alpha-session7.ts), all written AFTER its 50-split
 * figure had been seen (docs/evaluation.md, "Session 7"); none of them is a candidate:
 * - the pool without session 6's reception rate, the one signal of the pool picked after looking at
 *   all 183 users: does the figure stand without it?
 * - the pool without the given-side signal (first-mover share), i.e. from ratings received and times;
 * - the same average without the quantile output, to see what pooling on one scale adds;
 * - candidate 2 (with the new reception burst) without the reception rate: does the new time signal
 *   stand in for it?
 * - the seed-2018 split fold by fold: weights from the development half scored on the report half
 *   (which no screen of session 7 read), and the other way round, against the goodness alone;
 * - a bootstrap over the 183 users of the seed-2018 split's pooled out-of-fold AUC: the sampling error
 *   of the users themselves, which the spread over splits does not show.
 */
import type { Procedure } from "./fraud-alpha-crossfit.js";
import { crossFit } from "./fraud-alpha-crossfit.js";
import { aucWeighted, quantiles } from "./fraud-alpha-session7-procedures.js";
import { rocAuc } from "./metrics.js";
import { seeded } from "./prng.js";

/**
 * One line per check. `pool` is candidate 1's ranked signals in its order (goodness first, then
 * session6Extras' eight), `names` their names.
 *
 * @example averageChecks(pool, names, users, label, split2018, splits).forEach(print)
 */
export function averageChecks(
  pool: readonly Float64Array[],
  names: readonly string[],
  users: readonly number[],
  label: (u: number) => boolean,
  [dev, report]: readonly [readonly number[], readonly number[]],
  splits: readonly (readonly [number[], number[]])[],
  burst: Float64Array,
): string[] {
  const without = (drop: string) => pool.filter((_, j) => names[j] !== drop);
  const variants: [string, Procedure][] = [
    ["without the reception rate", quantiles(aucWeighted("", without("reception rate")), users)],
    [
      "without the first-mover share",
      quantiles(aucWeighted("", without("first-mover share")), users),
    ],
    ["without the quantile output", aucWeighted("", pool)],
    [
      "candidate 2 (with reception burst) without the reception rate",
      quantiles(aucWeighted("", [...without("reception rate"), burst]), users),
    ],
  ];
  const lines = variants.map(([name, p]) => {
    const runs = splits.map((s) => crossFit(p, s, users, label));
    const aucs = runs.map((x) => x.auc);
    const m = mean(aucs);
    const sd = Math.sqrt(mean(aucs.map((a) => (a - m) ** 2)));
    const seed = crossFit(p, [dev, report], users, label);
    return `- ${name}: ${m.toFixed(3)} ± ${sd.toFixed(3)} (${Math.min(...aucs).toFixed(3)}–${Math.max(...aucs).toFixed(3)}), ${aucs.filter((a) => a >= 0.9).length} of ${splits.length} ≥ 0.90, AP ${mean(runs.map((x) => x.ap)).toFixed(3)}; seed 2018 ${seed.auc.toFixed(3)}.`;
  });
  const p = aucWeighted("", pool);
  const goodness = pool[0] as Float64Array;
  const auc = (s: (u: number) => number, on: readonly number[]) =>
    rocAuc(on.map(s), on.map(label)).toFixed(3);
  for (const [name, train, test] of [
    ["development → report half", dev, report],
    ["report → development half", report, dev],
  ] as const) {
    const fitted = p.fit(train, label);
    lines.push(
      `- ${name}: AUC ${auc(fitted.score, test)} against ${auc((u) => goodness[u] as number, test)} for the goodness alone.`,
    );
  }
  const q = quantiles(p, users);
  const pooled = new Map<number, number>();
  for (const [train, test] of [
    [dev, report],
    [report, dev],
  ] as const) {
    const fitted = q.fit(train, label);
    for (const u of test) pooled.set(u, fitted.score(u));
  }
  const random = seeded(2026);
  const aucs: number[] = [];
  for (let b = 0; b < 2000; b++) {
    const sample = users.map(() => users[Math.floor(random() * users.length)] as number);
    aucs.push(
      rocAuc(
        sample.map((u) => pooled.get(u) as number),
        sample.map(label),
      ),
    );
  }
  aucs.sort((a, b) => a - b);
  const at = (x: number) => (aucs[Math.floor(x * aucs.length)] as number).toFixed(3);
  lines.push(
    `- bootstrap of the 183 users (2,000 resamples), seed-2018 split's pooled out-of-fold scores: 95% interval ${at(0.025)} to ${at(0.975)}; share below 0.90 ${(aucs.filter((a) => a < 0.9).length / aucs.length).toFixed(2)}.`,
  );
  return lines;
}

function mean(values: readonly number[]): number {
  return values.reduce((t, v) => t + v, 0) / values.length;
}
