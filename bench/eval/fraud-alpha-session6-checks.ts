/**
 * Checks of session 6's reception-rate combination (fraud-alpha-session6.ts), all added after its
 * cross-fitted figure had been seen (docs/evaluation.md, "Session 6"):
 * - the seed-2018 split fold by fold: trained on the development half (the half the round-2 screen
 *   looked at) and scored on the report half, which the screen did not see, and the other way round;
 * - a paired bootstrap over the evaluated users of the AUC gained over the established-rater goodness
 *   alone, with the weight fixed at the values the training folds chose most;
 * - the standardisation over every user who received a rating instead of over the evaluated users.
 */
import type { Graph } from "../../src/trust/graph/csr.js";
import { crossFit, type Procedure } from "./fraud-alpha-crossfit.js";
import { standardisedGrid } from "./fraud-alpha-session6-procedures.js";
import { rocAuc } from "./metrics.js";
import { seeded } from "./prng.js";

export const RATE_WEIGHTS = [0, 0.125, 0.25, 0.5, 0.75, 1];

export function rateChecks(
  g: Graph,
  low: Float64Array,
  rate: Float64Array,
  users: readonly number[],
  label: (u: number) => boolean,
  [dev, report]: readonly [readonly number[], readonly number[]],
  splits: readonly (readonly [number[], number[]])[],
): string[] {
  const lines: string[] = [];
  const auc = (s: (u: number) => number, on: readonly number[]) =>
    rocAuc(on.map(s), on.map(label)).toFixed(3);
  const grid = standardisedGrid("", low, [["rate", rate]], RATE_WEIGHTS, users);
  for (const [name, train, test] of [
    ["development → report half", dev, report],
    ["report → development half", report, dev],
  ] as const) {
    const fitted = grid.fit(train, label);
    lines.push(
      `- ${name}: chose ${fitted.choice}; AUC ${auc(fitted.score, test)} against ${auc((u) => low[u] as number, test)} for the established-rater goodness alone.`,
    );
  }
  const z = zScores(users);
  const zl = z(low);
  const zr = z(rate);
  const random = seeded(2026);
  for (const w of [0.5, 0.75]) {
    const combined = zl.map((x, u) => x + w * (zr[u] as number));
    const gains: number[] = [];
    for (let b = 0; b < 2000; b++) {
      const sample = users.map(() => users[Math.floor(random() * users.length)] as number);
      const labels = sample.map(label);
      if (!labels.includes(true) || !labels.includes(false)) continue;
      gains.push(
        rocAuc(
          sample.map((u) => combined[u] as number),
          labels,
        ) -
          rocAuc(
            sample.map((u) => low[u] as number),
            labels,
          ),
      );
    }
    gains.sort((a, b) => a - b);
    const q = (p: number) => (gains[Math.floor(p * gains.length)] as number).toFixed(3);
    const below = gains.filter((d) => d <= 0).length / gains.length;
    lines.push(
      `- w = ${w} fixed, over all ${users.length} users: AUC ${auc((u) => combined[u] as number, users)}; paired bootstrap (2,000 resamples of users) of the gain over goodness alone: median ${q(0.5)}, 95% interval ${q(0.025)} to ${q(0.975)}, share ≤ 0: ${below.toFixed(3)}.`,
    );
  }
  const rated = [...new Set(g.targets)];
  const wide: Procedure = standardisedGrid("", low, [["rate", rate]], RATE_WEIGHTS, rated);
  const aucs = splits.map((s) => crossFit(wide, s, users, label).auc);
  const m = aucs.reduce((t, a) => t + a, 0) / aucs.length;
  const sd = Math.sqrt(aucs.reduce((t, a) => t + (a - m) ** 2, 0) / aucs.length);
  lines.push(
    `- Standardised over all ${rated.length} users who received a rating: ${m.toFixed(3)} ± ${sd.toFixed(3)} over ${aucs.length} splits, ${aucs.filter((a) => a >= 0.9).length} of them ≥ 0.90; seed 2018 ${crossFit(wide, [dev, report], users, label).auc.toFixed(3)}.`,
  );
  return lines;
}

function zScores(over: readonly number[]): (s: Float64Array) => Float64Array {
  return (s) => {
    const xs = over.map((u) => s[u] as number);
    const m = xs.reduce((t, x) => t + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((t, x) => t + (x - m) ** 2, 0) / xs.length) || 1;
    return s.map((x) => (x - m) / sd);
  };
}
