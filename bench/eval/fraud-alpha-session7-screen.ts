/**
 * Session 7's screen, on the DEVELOPMENT HALF only (the seed-2018 half of fraud-alpha.ts that sessions
 * 3-6 screened on; the report half's labels are never read here):
 *
 *   nice -n 15 npx tsx bench/eval/fraud-alpha-session7-screen.ts
 *
 * The development half's users among the 183 evaluated ones (session 6's protocol: ratings given by
 * and to the 31 label sources dropped) are split into two stratified folds 20 times (seeds 101-120)
 * and each candidate procedure is cross-fitted on those inner splits, as fraud-alpha-crossfit.ts does
 * on the 183. Candidates that beat session 6's nested choice here are the ones fraud-alpha-session7.ts
 * was to run on the 50 reported splits (written down in its header before its first run).
 */
import { leakFreeAlpha } from "./alpha-leak-free.js";
import {
  bestByTrainingAuc,
  crossFit,
  type Procedure,
  stratifiedHalves,
} from "./fraud-alpha-crossfit.js";
import { established, lowGoodness, weightedMeanReceived } from "./fraud-alpha-session5-features.js";
import {
  aucWeighted,
  bagged,
  boostedStumps,
  nestedSettings,
  propagated,
  quantiles,
  ranksOver,
  receptionBurst,
  session6Extras,
  standardiser,
} from "./fraud-alpha-session7-procedures.js";
import { rocAuc } from "./metrics.js";

function main(): void {
  const { both: g, users, label, fixedSplit } = leakFreeAlpha();
  const [dev] = fixedSplit;
  const splits = Array.from({ length: 20 }, (_, i) => stratifiedHalves(dev, label, 101 + i));
  const low = lowGoodness(weightedMeanReceived(g, established(g, 730)));
  const extras = session6Extras(g);
  const burst = receptionBurst(g, 7);
  print(`development half: ${dev.length} users, ${dev.filter(label).length} fraudulent\n`);
  print(
    `alone on the development half: goodness ${auc(low, dev, label)}, reception burst (7 d) ${auc(burst, dev, label)}`,
  );
  const z = standardiser(users);
  const zl = z(low);
  const zs = extras.map(([, s]) => z(s));
  const meanExtras = zl.map((_, u) => zs.reduce((t, s) => t + (s[u] as number), 0) / zs.length);
  const W = [0.125, 0.25, 0.5, 0.75, 1];
  const nested = nestedSettings(low, extras, W, users);
  const nestedBurst = nestedSettings(low, [...extras, ["reception burst", burst]], W, users);
  const candidates: Procedure[] = [
    { method: "session 6 nested (41 settings)", fit: bestByTrainingAuc(nested) },
    quantiles({ method: "session 6 nested", fit: bestByTrainingAuc(nested) }, users),
    bagged("bagged nested, 50 rounds", nested, 50),
    quantiles(bagged("bagged nested, 50 rounds", nested, 50), users),
    {
      method: "z(low) + w·mean of z(8 extras)",
      fit: bestByTrainingAuc(nestedSettings(low, [["mean of 8", meanExtras]], W, users)),
    },
    quantiles(
      {
        method: "z(low) + w·mean of z(8 extras)",
        fit: bestByTrainingAuc(nestedSettings(low, [["mean of 8", meanExtras]], W, users)),
      },
      users,
    ),
    quantiles(bagged("bagged nested + reception burst, 50 rounds", nestedBurst, 50), users),
    propagated("z(low) + w·z(label propagation), w in fold", g, low, [0, ...W], users),
    {
      method: "reference: session 6 rate grid (signal picked after looking)",
      fit: bestByTrainingAuc(
        nestedSettings(
          low,
          [extras[4] as [string, Float64Array]],
          [0, 0.125, 0.25, 0.5, 0.75, 1],
          users,
        ),
      ),
    },
    quantiles(
      bagged(
        "bagged nested + mean-of-8 setting",
        nestedSettings(low, [...extras, ["mean of 8", meanExtras]], W, users),
        50,
      ),
      users,
    ),
    quantiles(bagged("bagged pairs of extras", pairSettings(zl, zs, [0.25, 0.5, 1]), 50), users),
    boostedStumps("boosted stumps, 30 rounds, 0.1", [low, ...extras.map(([, s]) => s)], 30, 0.1),
    boostedStumps(
      "boosted stumps, 100 rounds, 0.05",
      [low, ...extras.map(([, s]) => s)],
      100,
      0.05,
    ),
    quantiles(
      {
        method: "rank average: rank(low) + w·mean rank(8 extras)",
        fit: bestByTrainingAuc(
          nestedSettings(
            ranksOver(low, users),
            [
              [
                "mean rank of 8",
                meanRanks(
                  extras.map(([, s]) => s),
                  users,
                ),
              ],
            ],
            W,
            users,
          ),
        ),
      },
      users,
    ),
    quantiles(
      thresholdAverage(
        "rank(low) + w·mean rank(extras with training AUC ≥ 0.65)",
        ranksOver(low, users),
        extras.map(([, s]) => ranksOver(s, users)),
        0.65,
        W,
      ),
      users,
    ),
    quantiles(
      thresholdAverage(
        "rank(low) + w·mean rank(extras with training AUC ≥ 0.70)",
        ranksOver(low, users),
        extras.map(([, s]) => ranksOver(s, users)),
        0.7,
        W,
      ),
      users,
    ),
    quantiles(
      thresholdAverage("z(low) + w·mean z(extras with training AUC ≥ 0.65)", zl, zs, 0.65, W),
      users,
    ),
    quantiles(
      aucWeighted("Σ (training AUC − 0.5)₊ · rank, low and 8 extras", [
        ranksOver(low, users),
        ...extras.map(([, s]) => ranksOver(s, users)),
      ]),
      users,
    ),
    quantiles(aucWeighted("Σ (training AUC − 0.5)₊ · z, low and 8 extras", [zl, ...zs]), users),
    quantiles(
      aucWeighted(
        "Σ (training AUC − 0.5)₊² · rank, low and 8 extras",
        [ranksOver(low, users), ...extras.map(([, s]) => ranksOver(s, users))],
        2,
      ),
      users,
    ),
    aucWeighted("Σ (training AUC − 0.5)₊ · rank, low and 8 extras, no quantiles", [
      ranksOver(low, users),
      ...extras.map(([, s]) => ranksOver(s, users)),
    ]),
    quantiles(
      aucWeighted("Σ (training AUC − 0.5)₊ · rank, low, 8 extras, + reception burst", [
        ranksOver(low, users),
        ...extras.map(([, s]) => ranksOver(s, users)),
        ranksOver(burst, users),
      ]),
      users,
    ),
    {
      method: "fixed: rank(low) + 1·mean rank(8 extras) (nothing fitted)",
      fit: () => {
        const s = nestedSettings(
          ranksOver(low, users),
          [
            [
              "m",
              meanRanks(
                extras.map(([, x]) => x),
                users,
              ),
            ],
          ],
          [1],
          users,
        )[1]?.score as Float64Array;
        return { score: (u) => s[u] as number, choice: "fixed" };
      },
    },
  ];
  for (const p of candidates) {
    const runs = splits.map((s) => crossFit(p, s, dev, label));
    const aucs = runs.map((x) => x.auc);
    const m = aucs.reduce((t, a) => t + a, 0) / aucs.length;
    const sd = Math.sqrt(aucs.reduce((t, a) => t + (a - m) ** 2, 0) / aucs.length);
    const fm = runs.reduce((t, x) => t + x.foldMeanAuc, 0) / runs.length;
    print(`| ${p.method} | ${m.toFixed(3)} ± ${sd.toFixed(3)} | fold mean ${fm.toFixed(3)} |`);
  }
}

/** base + w·mean of the extras whose training-fold AUC alone reaches `at`; w by training AUC. */
function thresholdAverage(
  method: string,
  base: Float64Array,
  extras: readonly Float64Array[],
  at: number,
  weights: readonly number[],
): Procedure {
  return {
    method,
    fit(train, label) {
      const labels = train.map(label);
      const kept = extras.filter(
        (s) =>
          rocAuc(
            train.map((u) => s[u] as number),
            labels,
          ) >= at,
      );
      const mean = base.map((_, u) =>
        kept.length === 0 ? 0 : kept.reduce((t, s) => t + (s[u] as number), 0) / kept.length,
      );
      const fitted = bestByTrainingAuc(
        [0, ...weights].map((w) => ({
          label: `w ${w}`,
          score: base.map((x, u) => x + w * (mean[u] as number)),
        })),
      )(train, label);
      return { score: fitted.score, choice: `${kept.length} kept, ${fitted.choice}` };
    },
  };
}

/** z(base) + w₁·z(a) + w₂·z(b) over every pair of extras, and each extra alone, and base alone. */
function pairSettings(
  zb: Float64Array,
  zs: readonly Float64Array[],
  weights: readonly number[],
): { label: string; score: Float64Array }[] {
  const out = [{ label: "base", score: zb }];
  for (let a = 0; a < zs.length; a++) {
    for (const wa of weights) {
      out.push({ label: `${wa}·${a}`, score: zb.map((x, u) => x + wa * (zs[a]?.[u] as number)) });
      for (let b = a + 1; b < zs.length; b++) {
        for (const wb of weights) {
          out.push({
            label: `${wa}·${a} + ${wb}·${b}`,
            score: zb.map((x, u) => x + wa * (zs[a]?.[u] as number) + wb * (zs[b]?.[u] as number)),
          });
        }
      }
    }
  }
  return out;
}

function meanRanks(signals: readonly Float64Array[], over: readonly number[]): Float64Array {
  const rs = signals.map((s) => ranksOver(s, over));
  return (rs[0] as Float64Array).map(
    (_, u) => rs.reduce((t, r) => t + (r[u] as number), 0) / rs.length,
  );
}

function auc(s: Float64Array, on: readonly number[], label: (u: number) => boolean): string {
  return rocAuc(
    on.map((u) => s[u] as number),
    on.map(label),
  ).toFixed(3);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main();
